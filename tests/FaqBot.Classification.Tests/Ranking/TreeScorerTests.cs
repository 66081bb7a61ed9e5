using FaqBot.Classification.Ranking;
using FaqBot.Classification.Retrieval;
using FaqBot.Core.Decision;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Ranking;

public class TreeScorerTests
{
    private static readonly string[] Questions =
    [
        "are they always enemies?", "what limits does New START set?", "sanctions always work", "is russia declinig",
        "when did the soviet union collapse?", "how many warheads", "what's the weather in Paris?", "tell me about the history",
        "nato expansion means aggression", "why do they keep talking?", "kids", "how long did the treaty last",
    ];

    [Fact]
    public void ShippedRankers_WalkedDirectly_ScoreEveryCandidateExactlyAsMlNet()
    {
        var engine = TestKnowledge.Default;
        var model = engine.Model;
        Assert.True(model.Sentences.WalksTrees);
        Assert.True(model.Ranker.WalksTrees);
        foreach (var question in Questions)
        {
            var candidates = Candidates(question);
            var sentences = candidates.Where(c => c.Kind == CandidateKind.Sentence).ToList();
            Assert.Equal(model.Sentences.ScoreWithEngine(sentences), model.Sentences.Score(sentences));
            var scored = CandidateFeatures.WithSentenceScores(candidates, RankingModel.SentenceScores(candidates, model.Sentences));
            Assert.Equal(model.Ranker.ScoreWithEngine(scored), model.Ranker.Score(scored));
        }
    }

    [Fact]
    public void FreshlyTrainedRanker_WalkedDirectly_ScoresExactlyAsMlNet()
    {
        // Relevance from the shipped ranker's own order, so the new trees have something to split on.
        var groups = Questions.Select(q =>
        {
            var candidates = Candidates(q);
            var scores = TestKnowledge.Default.Model.Ranker.Score(CandidateFeatures.WithSentenceScores(candidates, RankingModel.SentenceScores(candidates, TestKnowledge.Default.Model.Sentences)));
            var best = scores.Max();
            return new RankingGroup(candidates, scores.Select(s => s == best ? 2f : 0f).ToList());
        }).ToList();
        var ranker = AnswerRanker.Train(groups, new AnswerRanker.Settings(Trees: 20, Leaves: 4, MinimumExamplesPerLeaf: 5));
        Assert.True(ranker.WalksTrees);
        foreach (var group in groups)
        {
            Assert.Equal(ranker.ScoreWithEngine(group.Candidates), ranker.Score(group.Candidates));
        }
    }

    private static IReadOnlyList<Candidate> Candidates(string question)
    {
        var engine = TestKnowledge.Default;
        var corrected = engine.Reader.Speller.Correct(question);
        var normalized = Core.Text.TextNormalizer.Normalize(corrected);
        var embedding = TestKnowledge.Embedder.EmbedTokens([normalized])[0];
        return CandidateFeatures.For(engine.Reader.Index, corrected, embedding, engine.Classifier.Classify(normalized, embedding.Vector));
    }
}
