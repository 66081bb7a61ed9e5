using FaqBot.Bot.Resilience;
using FaqBot.Bot.Activities;
using FaqBot.Bot.Tests.Resilience;
using FaqBot.Bot.Hosting;
using FaqBot.Bot.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using FaqBot.Tests.Shared;
using FaqBot.Core.Decision;
using FaqBot.Core.Conversation;
using FaqBot.Core.Feedback;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace FaqBot.Bot.Tests.Activities;

public sealed class FaqBotActivityHandlerTests : IDisposable
{
    private readonly string _feedbackPath = Path.Combine(Path.GetTempPath(), $"faqbot-feedback-{Guid.NewGuid():N}.jsonl");

    private FeedbackLog Feedback => new(_feedbackPath);

    private static FaqBotTelemetry Telemetry =>
        new(new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddMetrics().BuildServiceProvider()
            .GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    public void Dispose() => File.Delete(_feedbackPath);

    [Fact]
    public async Task OnMessage_VotesOnAnAnswer_AreRecordedWithQuestionAnswerAndConfidence()
    {
        await Flow()
            .Send("are they always enemies?").AssertReply(reply =>
                Assert.Contains(reply.AsMessageActivity().SuggestedActions.Actions, b => b.Title == "Not helpful"))
            .Send("Not helpful").AssertReply(reply =>
                Assert.Contains("Thanks for telling me", reply.AsMessageActivity().Text, StringComparison.Ordinal))
            .StartTestAsync();

        var record = Assert.Single(Feedback.ReadAll());
        Assert.Equal(FeedbackKind.NotHelpful, record.Kind);
        Assert.Equal("are they always enemies?", record.Question);
        Assert.Equal("faq:are-the-u-s-and-russia-always-going-to-be-enemies", record.AnswerId);
        Assert.InRange(record.Confidence, 0.4f, 1f);
        Assert.DoesNotContain("conversation", record.Conversation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnMessage_FallbackAndNoneOfThese_AreRecordedForReview()
    {
        await Flow()
            .Send("give me a recipe for lasagne").AssertReply(_ => { })
            .Send("None of these").AssertReply(_ => { })
            .StartTestAsync();

        var records = Feedback.ReadAll();
        Assert.Equal([FeedbackKind.Fallback, FeedbackKind.NoneOfThese], records.Select(r => r.Kind));
        Assert.All(records, r => Assert.Equal("give me a recipe for lasagne", r.Question));
    }

    [Fact]
    public async Task OnMessage_VoteBeforeAnyAnswer_RecordsNothing()
    {
        await Flow().Send("helpful").AssertReply(reply =>
            Assert.Contains("Ask me a question first", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();

        Assert.Empty(Feedback.ReadAll());
    }

    private static readonly Lazy<AnswerEngineHost> ReadyHost = new(() =>
    {
        var host = new AnswerEngineHost();
        host.Ready(TestKnowledge.Default);
        return host;
    });

    [Fact]
    public async Task OnMembersAdded_NewUser_IsWelcomedWithTheEssayTitleAndThreeExampleButtons()
    {
        var joined = new Activity(ActivityTypes.ConversationUpdate)
        {
            MembersAdded = [new ChannelAccount("user1", "User")],
        };

        await Flow().Send(joined).AssertReply(reply =>
        {
            Assert.Contains(TestKnowledge.Default.Essay.Title, reply.AsMessageActivity().Text, StringComparison.Ordinal);
            Assert.Equal(3, Buttons(reply).Count);
        }).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_AreTheyAlwaysEnemies_AsksSoGetsTheEssaysAnswerToThatQuestion()
    {
        await Flow().Send("are they always enemies?").AssertReply(reply =>
        {
            var text = reply.AsMessageActivity().Text;
            Assert.StartsWith("**Are the U.S. and Russia always going to be enemies?**", text, StringComparison.Ordinal);
            Assert.Contains("No, not really.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Myth:", text, StringComparison.Ordinal);
            Assert.Contains("_Source: ", text, StringComparison.Ordinal);
        }).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_RussiaIsJustADecliningPower_StatesTheMythSoGetsTheRebuttal()
    {
        await Flow().Send("russia is just a declining power").AssertReply(reply =>
        {
            var text = reply.AsMessageActivity().Text;
            Assert.StartsWith("**Myth:** Russia is just a declining power.", text, StringComparison.Ordinal);
            Assert.Contains("It’s more complex than that.", text, StringComparison.Ordinal);
        }).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_SanctionsSometimesHelp_AgreesWithTheEssaySoIsNotCalledAMyth()
    {
        await Flow().Send("sanctions sometimes help but they are not a magic fix").AssertReply(reply =>
        {
            var text = reply.AsMessageActivity().Text;
            Assert.StartsWith("**The essay agrees with you.**", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Myth:", text, StringComparison.Ordinal);
        }).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_MythStatedAsClaim_GetsTheRebuttal()
    {
        await Flow().Send("Sanctions always work").AssertReply(reply =>
            Assert.Contains("Sanctions are a tool, not a magic fix.", reply.AsMessageActivity().Text, StringComparison.Ordinal))
            .StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_TellMeAboutTheHistory_GetsTheHistorySectionSummary()
    {
        var history = TestKnowledge.Default.Essay.Section("section:a-look-back-history-shapes-today");
        await Flow().Send("tell me about the history").AssertReply(reply =>
        {
            var text = reply.AsMessageActivity().Text;
            Assert.Contains(history.Title, text, StringComparison.Ordinal);
            Assert.Contains(history.Summary.Sentences[0], text, StringComparison.Ordinal);
        }).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_FactQuestion_QuotesTheSentenceAndOffersTheSectionSummary()
    {
        await Flow().Send("what limits does New START set?").AssertReply(reply =>
        {
            Assert.Contains("1,550 deployed nuclear warheads", reply.AsMessageActivity().Text, StringComparison.Ordinal);
            Assert.Contains(Buttons(reply), b => b.Title == "Summary of Diplomacy in Action: Trying to Talk It Out");
        }).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_OffTopic_SaysSoAndListsTheTopics()
    {
        await Flow().Send("what's a good recipe for lasagne?").AssertReply(reply =>
        {
            var text = reply.AsMessageActivity().Text;
            Assert.Contains("doesn't seem to be something the essay covers", text, StringComparison.Ordinal);
            Assert.All(TestKnowledge.Default.Essay.Sections, s => Assert.Contains(s.Title, text, StringComparison.Ordinal));
        }).StartTestAsync();
    }

    [Theory]
    [InlineData("help", "I answer from one essay")]
    [InlineData("HELP", "I answer from one essay")]
    [InlineData("thanks", "You're welcome")]
    [InlineData("hi", "Hello")]
    [InlineData("who are you?", "I'm FaqBot")]
    [InlineData("None of these", "Topics I can talk about")]
    public async Task OnMessage_CommandOrSmallTalk_GetsItsOwnReply(string message, string expected)
    {
        await Flow().Send(message).AssertReply(reply =>
            Assert.Contains(expected, reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_Topics_OffersEverySectionAsAButton()
    {
        await Flow().Send("topics").AssertReply(reply =>
            Assert.Equal(TestKnowledge.Default.Essay.Sections.Select(s => s.Title), Buttons(reply).Select(b => b.Title)))
            .StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_Myths_OffersEachMythAsAButtonThatAsksItsQuestion()
    {
        var myths = TestKnowledge.Default.Essay.Faqs.Where(f => f.Myth is not null).ToList();
        await Flow().Send("myths").AssertReply(reply =>
        {
            var buttons = Buttons(reply);
            Assert.Equal(myths.Count, buttons.Count);
            Assert.Equal(myths.Select(m => m.Myth!.Claim), buttons.Select(b => b.Title));
            Assert.All(buttons, b => Assert.Equal(ActionTypes.MessageBack, b.Type));
            Assert.Equal(myths.Select(m => ("myth", m.Id)), buttons.Select(b => ((string)((JObject)b.Value)["faqbot"]!, (string)((JObject)b.Value)["id"]!)));
        }).StartTestAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task OnMessage_Empty_AsksForAQuestion(string message)
    {
        await Flow().Send(message).AssertReply(reply =>
            Assert.Contains("didn't get any text", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<b>are they always enemies?</b>")]
    [InlineData("\U0001F600\U0001F600\U0001F600")]
    [InlineData("Wie spät ist es in Berlin?")]
    [InlineData("\u0000\u0007\u001b[31m")]
    public async Task OnMessage_HostileOrOddInput_GetsAPoliteReplyThatNeverEchoesIt(string message)
    {
        await Flow().Send(message).AssertReply(reply =>
        {
            var text = reply.AsMessageActivity().Text;
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(message, text, StringComparison.Ordinal);
            Assert.DoesNotContain("something went wrong", text, StringComparison.Ordinal);
        }).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_HugeMessage_IsDeclinedPolitely()
    {
        await Flow().Send(new string('a', FaqConversation.MaxMessageLength + 1)).AssertReply(reply =>
            Assert.Contains("too long", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Theory]
    [InlineData("personal", false)]
    [InlineData("groupChat", true)]
    [InlineData("channel", true)]
    public async Task OnMessage_TeamsMentionInAnyScope_IsStrippedBeforeMatching(string conversationType, bool isGroup)
    {
        // As Teams sends it: the mention is in the text and described by an entity.
        var message = Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>($$"""
            {
              "type": "message",
              "channelId": "msteams",
              "text": "<at>FaqBot</at> are they always enemies?",
              "entities": [{ "type": "mention", "text": "<at>FaqBot</at>", "mentioned": { "id": "bot", "name": "FaqBot" } }],
              "conversation": { "id": "19:conversation@thread.skype", "conversationType": "{{conversationType}}", "isGroup": {{(isGroup ? "true" : "false")}} }
            }
            """)!;

        await Flow().Send(message).AssertReply(reply =>
            Assert.Contains("No, not really.", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_TwoCloseAnswers_OfferBothAndNoneOfTheseAsButtons_AndAClickAnswersThePick()
    {
        var (engine, first, second) = Unsure("sanctions or leaders?");
        var expected = Core.Text.SentenceSplitter.Split(second.Answer)[0];

        await Flow(engine)
            .Send("sanctions or leaders?").AssertReply(reply =>
                Assert.Equal([first.Question, second.Question, "None of these"], Buttons(reply).Select(b => b.Title)))
            .Send(Click(second.Question, "answer", second.Id)).AssertReply(reply =>
                Assert.Contains(expected, reply.AsMessageActivity().Text, StringComparison.Ordinal))
            .StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_ClickWhoseTitleMatchesNothing_StillAnswersWhatItsValueNames()
    {
        var section = TestKnowledge.Default.Essay.Sections[1];
        await Flow().Send(Click("A title that reads like nothing the essay says", "answer", section.Id)).AssertReply(reply =>
            Assert.Contains(section.Summary.Text, reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_OldPlainTextButtonFromAnEarlierVersion_StillWorks()
    {
        var faq = TestKnowledge.Default.Essay.Faqs[1];
        await Flow().Send(faq.Question).AssertReply(reply =>
            Assert.Contains(Core.Text.SentenceSplitter.Split(faq.Answer)[0], reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_ValueFaqBotNeverSent_IsIgnoredAndTheTextAnswered()
    {
        var forged = MessageFactory.Text("are they always enemies?");
        forged.Value = new JObject { ["faqbot"] = "drop-tables", ["id"] = new JArray(1, 2) };
        await Flow().Send(forged).AssertReply(reply =>
            Assert.Contains("No, not really.", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_WebChat_OffersTheVoteAsTwoSmallSuggestedActionsNotCardButtons()
    {
        await Flow().Send("are they always enemies?").AssertReply(reply =>
        {
            Assert.Equal(["Helpful", "Not helpful"], reply.AsMessageActivity().SuggestedActions.Actions.Select(a => a.Title));
            Assert.DoesNotContain(Buttons(reply), b => b.Title is "Helpful" or "Not helpful");
        }).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_Teams_KeepsTheVoteOnTheCardWhichWorksInEveryScope()
    {
        var teams = MessageFactory.Text("are they always enemies?");
        teams.ChannelId = Microsoft.Bot.Connector.Channels.Msteams;
        await Flow().Send(teams).AssertReply(reply =>
        {
            Assert.Null(reply.AsMessageActivity().SuggestedActions);
            Assert.Contains(Buttons(reply), b => b.Title == "Helpful");
        }).StartTestAsync();
    }

    /// <summary>What a channel sends when a FaqBot button is clicked: the title as text, the typed action in the value.</summary>
    private static IMessageActivity Click(string title, string action, string? id)
    {
        var click = MessageFactory.Text(title);
        click.Value = id is null ? new JObject { ["faqbot"] = action } : new JObject { ["faqbot"] = action, ["id"] = id };
        return click;
    }

    [Fact]
    public async Task OnMessage_NoneOfTheseAfterADidYouMean_FallsBackToTheTopicsAndIsRecordedWithTheQuestion()
    {
        var (engine, _, _) = Unsure("sanctions or leaders?");

        await Flow(engine)
            .Send("sanctions or leaders?").AssertReply(_ => { })
            .Send("None of these").AssertReply(reply =>
                Assert.Contains("Topics I can talk about", reply.AsMessageActivity().Text, StringComparison.Ordinal))
            .StartTestAsync();

        var record = Assert.Single(Feedback.ReadAll());
        Assert.Equal(FeedbackKind.NoneOfThese, record.Kind);
        Assert.Equal("sanctions or leaders?", record.Question);
    }

    /// <summary>The real engine, except that one question is judged too close to call between two FAQ entries.</summary>
    private static (IAnswerEngine Engine, Core.Knowledge.FaqEntry First, Core.Knowledge.FaqEntry Second) Unsure(string question)
    {
        var faqs = TestKnowledge.Default.Essay.Faqs;
        var choice = new DidYouMeanAnswer(
            [new AnswerCandidate(faqs[0].Id, faqs[0].Question, 0.41f), new AnswerCandidate(faqs[1].Id, faqs[1].Question, 0.38f)],
            new AnswerConfidence(0.41f, 0.03f));
        return (new UnsureEngine(TestKnowledge.Default, question, choice), faqs[0], faqs[1]);
    }

    private sealed class UnsureEngine(IAnswerEngine inner, string question, Answer choice) : IAnswerEngine
    {
        public Core.Knowledge.Essay Essay => inner.Essay;

        public Answer Answer(string text) => text == question ? choice : inner.Answer(text);

        public Answer AnswerWith(string answerId) => inner.AnswerWith(answerId);

        public Answer AnswerByKeywords(string text) => inner.AnswerByKeywords(text);
    }

    [Fact]
    public async Task OnMessage_MalformedMentionEntity_IsIgnoredNotFatal()
    {
        var message = Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>("""
            { "type": "message", "text": "do sanctions fix everything?", "entities": [{ "type": "mention", "text": "<at>x</at>" }] }
            """)!;

        await Flow().Send(message).AssertReply(reply =>
            Assert.Contains("Sanctions are a tool", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_BeforeTheEssayIsLoaded_SaysItIsStillReading()
    {
        var loading = new AnswerEngineHost();
        var handler = Handler(loading);

        await new TestFlow(new TestAdapter(), handler).Send("are they always enemies?").AssertReply(reply =>
            Assert.Contains("still reading", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_WhyAfterAnAnswer_ShowsThePassageAndSectionItStandsOn()
    {
        await Flow()
            .Send("what limits does New START set?").AssertReply(_ => { })
            .Send("why?").AssertReply(reply =>
            {
                var text = reply.AsMessageActivity().Text;
                Assert.Contains("Diplomacy in Action: Trying to Talk It Out", text, StringComparison.Ordinal);
                Assert.Contains("The New START Treaty is a cornerstone of arms control.", text, StringComparison.Ordinal);
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_TellMeMoreAfterAFact_GivesTheSectionSummaryThenItsParagraphs()
    {
        var section = TestKnowledge.Default.Essay.Section("section:diplomacy-in-action-trying-to-talk-it-out");
        await Flow()
            .Send("who met in Geneva in June 2021?").AssertReply(_ => { })
            .Send("tell me more").AssertReply(reply =>
                Assert.Contains(section.Summary.Sentences[0], reply.AsMessageActivity().Text, StringComparison.Ordinal))
            .Send("more please").AssertReply(reply =>
                Assert.Contains(section.Paragraphs[0], reply.AsMessageActivity().Text, StringComparison.Ordinal))
            .StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_AnotherMyth_NeverRepeatsAMythAlreadyRebutted()
    {
        var myths = TestKnowledge.Default.Essay.Faqs.Where(f => f.Myth is not null).ToList();
        var flow = Flow().Send(myths[0].Question).AssertReply(_ => { });
        for (var i = 1; i < myths.Count; i++)
        {
            var expected = myths[i].Myth!.Claim;
            flow = flow.Send("another myth").AssertReply(reply =>
                Assert.Contains(expected, reply.AsMessageActivity().Text, StringComparison.Ordinal));
        }

        await flow.Send("another myth").AssertReply(reply =>
            Assert.Contains("every myth", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Theory]
    [InlineData("why?")]
    [InlineData("tell me more")]
    public async Task OnMessage_FollowUpBeforeAnyAnswer_AsksForAQuestionFirst(string message)
    {
        await Flow().Send(message).AssertReply(reply =>
            Assert.Contains("Ask me a question first", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    [Fact]
    public async Task OnMessage_TwoConversations_KeepTheirOwnContext()
    {
        var handler = Handler(ReadyHost.Value);
        await new TestFlow(new TestAdapter(TestAdapter.CreateConversation("a")), handler)
            .Send("what limits does New START set?").AssertReply(_ => { }).StartTestAsync();

        await new TestFlow(new TestAdapter(TestAdapter.CreateConversation("b")), handler)
            .Send("why?").AssertReply(reply =>
                Assert.Contains("Ask me a question first", reply.AsMessageActivity().Text, StringComparison.Ordinal)).StartTestAsync();
    }

    private FaqBotActivityHandler Handler(AnswerEngineHost host) =>
        new(host, new FaqConversation(TestAnswerer.Create(), Feedback, TimeProvider.System), new ConversationState(new MemoryStorage()), Telemetry,
            NullLogger<FaqBotActivityHandler>.Instance);

    private TestFlow Flow(IAnswerEngine? engine = null)
    {
        var host = ReadyHost.Value;
        if (engine is not null)
        {
            host = new AnswerEngineHost();
            host.Ready(engine);
        }

        var handler = Handler(host);
        return new TestFlow(new TestAdapter(), handler);
    }

    private static IList<CardAction> Buttons(IActivity reply)
    {
        var attachment = Assert.Single(reply.AsMessageActivity().Attachments);
        return Assert.IsType<HeroCard>(attachment.Content).Buttons;
    }
}
