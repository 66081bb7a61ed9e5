using FaqBot.Classification.Engine;
using FaqBot.Classification.Myths;
using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;
using FaqBot.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaqBot.Classification.Tests.Myths;

/// <summary>
/// The myth models on essays they were not fitted on (leave one essay out, as `myths` judges them): evidence shown is
/// labelled evidence nine times in ten, and a stance FaqBot acts on is the labelled one nine times in ten.
/// </summary>
public class MythModelTests
{
    private static readonly Lazy<IReadOnlyList<MythScores>> LeaveOneOut = new(() =>
    {
        var data = new TrainingDataLocation(TestKnowledge.DataDirectory);
        var loader = new AnswerEngineLoader(TestKnowledge.Embedder, NullLogger<AnswerEngineLoader>.Instance);
        var essays = EssayFiles()
            .Select(f => (File: f, Essay: EssayParser.Load(f)))
            .Select(e => (e.File, e.Essay, Labels: MythLabels.Load(e.Essay, data)))
            .Where(e => !e.Labels.IsEmpty)
            .Select(e => MythEssay.Build(Path.GetFileNameWithoutExtension(e.File),
                loader.LoadReader(e.Essay, TestKnowledge.Options(Path.GetFileName(e.File), curated: false)), e.Labels))
            .ToList();
        return MythFit.LeaveOneOut(essays);
    });

    private static string[] EssayFiles() => Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "essays"), "*.txt");

    [Fact]
    public void ShippedMythModel_FittedOnTheCommittedLabels()
    {
        var fingerprint = MythFit.Fingerprint(EssayFiles(), new TrainingDataLocation(TestKnowledge.DataDirectory));

        // When the essays or the evidence / stance labels change, run `myths` (README, Answer quality) and commit what it writes.
        Assert.Equal(fingerprint, MythModel.Shipped.Info.DataFingerprint);
    }

    [Fact]
    public void LeaveOneEssayOut_EvidenceShown_IsLabelledEvidenceNineTimesInTen()
    {
        var shown = LeaveOneOut.Value.Sum(s => s.EvidenceShown);
        var right = LeaveOneOut.Value.Sum(s => s.EvidenceRight);

        Assert.True(shown > 0, "No evidence was shown on any essay.");
        Assert.True(right >= 0.9 * shown, $"{right} of {shown} sentences shown are labelled evidence.");
    }

    /// <summary>
    /// Nine times in ten, as for the evidence shown: with fifteen essays one of the fourteen answers labelled "no body
    /// sentence supports it" (chickens' lifespan) gets a sentence; with twelve essays none of the eleven did.
    /// </summary>
    [Fact]
    public void LeaveOneEssayOut_AnswerNoSentenceSupports_IsShownNoneNineTimesInTen()
    {
        var labelledNone = LeaveOneOut.Value.Sum(s => s.NoneLabelled);
        var shownNone = LeaveOneOut.Value.Sum(s => s.NoneRight);

        Assert.True(labelledNone > 0, "No answer is labelled as supported by no sentence.");
        Assert.True(shownNone >= 0.9 * labelledNone, $"{shownNone} of {labelledNone} answers no sentence supports were shown none.");
    }

    [Fact]
    public void LeaveOneEssayOut_StanceActedOn_IsTheLabelledOneNineTimesInTen()
    {
        var decided = LeaveOneOut.Value.Sum(s => s.StanceDecided);
        var right = LeaveOneOut.Value.Sum(s => s.StanceRight);

        Assert.True(decided >= LeaveOneOut.Value.Sum(s => s.Statements) / 2, $"Only {decided} statements were decided.");
        Assert.True(right >= 0.9 * decided, $"{right} of {decided} decided stances are right.");
    }

    [Fact]
    public void DefaultEssay_Evidence_ComesFromBodySectionsAndIsAtMostThreeSentences()
    {
        var evidence = MythModel.Shipped.Evidence(TestKnowledge.Default.Reader.Index);

        Assert.Equal(TestKnowledge.Default.Essay.Faqs.Select(f => f.Id).Order(), evidence.Keys.Order());
        Assert.All(evidence.Values, sentences =>
        {
            Assert.InRange(sentences.Count, 0, MythModel.MaxEvidence);
            Assert.All(sentences, s => Assert.False(s.Section.IsFaqSection));
        });
    }

    [Theory]
    [InlineData("russia is just a declining power", Stance.StatesMyth)]
    [InlineData("do sanctions work?", Stance.Asks)]
    [InlineData("sanctions sometimes help but they are not a magic fix", Stance.Agrees)]
    public void DefaultEssay_ClearStatement_GetsItsStance(string message, Stance expected)
    {
        var answer = Assert.IsType<FaqAnswer>(TestKnowledge.Default.Answer(message));

        Assert.Equal(expected, answer.Stance);
    }
}
