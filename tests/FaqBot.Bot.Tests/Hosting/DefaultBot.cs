namespace FaqBot.Bot.Tests.Hosting;

/// <summary>
/// One bot with the default settings, shared by every test class that needs no settings or clock of its own: a host
/// costs seconds of CPU to start (the sentence model, the classifier, the essay's sentence vectors). Each test uses
/// conversations, users and tokens of its own, so sharing changes no outcome; the classes of the collection run one
/// after another, beside the other collections.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DefaultBot : ICollectionFixture<TestBot>
{
    public const string Name = "Default bot";
}
