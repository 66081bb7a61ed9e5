using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FaqBot.Classification;

/// <summary>
/// The prediction engines of one fitted ML.NET model, pooled: an engine is not thread-safe and costs a schema walk to
/// make, so each concurrent question borrows one and gives it back.
/// </summary>
internal sealed class PooledPredictions<TRow, TScore>
    where TRow : class
    where TScore : class, new()
{
    private readonly ObjectPool<PredictionEngine<TRow, TScore>> _engines;

    /// <param name="rowSchema">The input row's schema where the row type alone cannot say it (a vector's length); null to read it from the type.</param>
    public PooledPredictions(MLContext ml, ITransformer model, SchemaDefinition? rowSchema = null) =>
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(ml, model, rowSchema));

    public T Use<T>(Func<PredictionEngine<TRow, TScore>, T> predict)
    {
        var engine = _engines.Get();
        try
        {
            return predict(engine);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model, SchemaDefinition? rowSchema) : PooledObjectPolicy<PredictionEngine<TRow, TScore>>
    {
        public override PredictionEngine<TRow, TScore> Create() =>
            ml.Model.CreatePredictionEngine<TRow, TScore>(model, inputSchemaDefinition: rowSchema);

        public override bool Return(PredictionEngine<TRow, TScore> obj) => true;
    }
}
