using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Engine;

public sealed class AnswerEngineLoaderTests : IDisposable
{
    private readonly string _models = Path.Combine(Path.GetTempPath(), "faqbot-loader-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_models))
        {
            Directory.Delete(_models, recursive: true);
        }
    }

    [Fact]
    public void Load_SecondStart_UsesTheCachedModelAndAnswersTheSame()
    {
        var first = TestKnowledge.Load("honeybees-winter.txt", _models);
        var cached = Directory.GetFiles(_models, "*.model.zip");
        var writeTime = File.GetLastWriteTimeUtc(Assert.Single(cached));

        var second = TestKnowledge.Load("honeybees-winter.txt", _models);

        Assert.Equal(writeTime, File.GetLastWriteTimeUtc(cached[0]));
        foreach (var faq in first.Essay.Faqs)
        {
            Assert.Equal(first.Answer(faq.Question).ToString(), second.Answer(faq.Question).ToString());
        }
    }

    [Fact]
    public void Load_CorruptCachedModel_RetrainsInsteadOfFailing()
    {
        TestKnowledge.Load("honeybees-winter.txt", _models);
        var model = Assert.Single(Directory.GetFiles(_models, "*.model.zip"));
        File.WriteAllText(model, "not a model");

        var engine = TestKnowledge.Load("honeybees-winter.txt", _models);

        var faq = engine.Essay.Faqs[0];
        Assert.Equal(faq.Id, Assert.IsType<FaqAnswer>(engine.Answer(faq.Question)).Faq.Id);
        Assert.True(new FileInfo(model).Length > 1000);
    }

    [Fact]
    public void Load_EssayWithoutCuratedData_TrainsFromTheEssayAlone()
    {
        var engine = TestKnowledge.Honeybees;
        var data = new TrainingDataLocation(TestKnowledge.DataDirectory);

        Assert.Null(data.CuratedTrainingFile(engine.Essay));
        Assert.All(engine.Essay.Faqs, faq => Assert.Equal(faq.Id, Assert.IsType<FaqAnswer>(engine.Answer(faq.Question)).Faq.Id));
    }
}
