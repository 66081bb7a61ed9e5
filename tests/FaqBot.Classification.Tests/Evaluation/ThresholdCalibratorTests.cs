using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Training;
using FaqBot.Core.Answers;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Evaluation;

public class ThresholdCalibratorTests
{
    [Fact]
    public void Calibrate_CommittedCalibrationSplit_ChoosesTheShippedDefaults()
    {
        var engine = TestKnowledge.Default;
        var calibration = HeldOutSet.LoadCalibration(engine.Essay, new TrainingDataLocation(TestKnowledge.DataDirectory));

        var chosen = ThresholdCalibrator.Calibrate(engine, calibration).Options;

        // When the models or the calibration data change, run `eval` and copy the thresholds it reports into AnswerPolicyOptions.
        var shipped = new AnswerPolicyOptions();
        Assert.Equal(
            (shipped.AnswerThreshold, shipped.MinimumMargin, shipped.DidYouMeanThreshold, shipped.OutOfScopeThreshold, shipped.FactThreshold, shipped.StrongFactThreshold, shipped.FactLead),
            (chosen.AnswerThreshold, chosen.MinimumMargin, chosen.DidYouMeanThreshold, chosen.OutOfScopeThreshold, chosen.FactThreshold, chosen.StrongFactThreshold, chosen.FactLead));
    }

    [Fact]
    public void Calibrate_EngineRunningWithOtherThresholds_ChoosesTheSameThresholds()
    {
        var data = new TrainingDataLocation(TestKnowledge.DataDirectory);
        var calibration = HeldOutSet.LoadCalibration(TestKnowledge.Default.Essay, data);
        var other = TestKnowledge.Default.WithOptions(new AnswerPolicyOptions { AnswerThreshold = 0.9f, MinimumMargin = 0.5f, FactThreshold = 0.1f });

        var fromDefaults = ThresholdCalibrator.Calibrate(TestKnowledge.Default, calibration);
        var fromOther = ThresholdCalibrator.Calibrate(other, calibration);

        Assert.Equal(fromDefaults.Utility, fromOther.Utility);
        Assert.Equivalent(fromDefaults.Options, fromOther.Options);
    }

    [Fact]
    public void LoadCalibration_EssayWithOnlyTheSharedOffTopicLines_IsEmptySoTheShippedThresholdsApply()
    {
        var calibration = HeldOutSet.LoadCalibration(TestKnowledge.Honeybees.Essay, new TrainingDataLocation(TestKnowledge.DataDirectory));

        Assert.Empty(calibration.Questions);
        Assert.Empty(calibration.Facts);
    }
}
