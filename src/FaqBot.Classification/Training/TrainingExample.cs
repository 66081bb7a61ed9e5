namespace FaqBot.Classification.Training;

/// <summary>One utterance and the answer id (or "out-of-scope") it should be classified as.</summary>
public sealed record TrainingExample(string Label, string Text);
