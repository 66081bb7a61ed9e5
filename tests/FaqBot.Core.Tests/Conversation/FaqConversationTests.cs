using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Core.Conversation;
using FaqBot.Core.Feedback;
using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests.Conversation;

/// <summary>The conversation against a scripted answer engine: every route a message can take, with no model and no channel.</summary>
public class FaqConversationTests
{
    private static readonly Essay Essay = Essays.ParsedDefault;
    private static readonly AnswerConfidence Sure = new(0.9f, 0.6f);
    private static readonly FaqEntry Sanctions = Essay.Faq("faq:do-sanctions-fix-everything");
    private static readonly Section History = Essay.Section("section:a-look-back-history-shapes-today");

    private readonly ScriptedEngine _engine = new();
    private readonly RecordingLog _feedback = new();
    private readonly ConversationMemory _memory = new();

    private FaqConversation Conversation => new(new DirectAnswerer(), _feedback, TimeProvider.System);

    private Task<TurnOutcome> Say(string text, UserAction? action = null, IAnswerEngine? engine = null) =>
        Conversation.RespondAsync(engine ?? _engine, _memory, new UserInput(text, action), "c1");

    [Fact]
    public async Task Message_BeforeTheEssayIsRead_SaysItIsStillReading()
    {
        var outcome = await Conversation.RespondAsync(null, _memory, new UserInput("are they always enemies?"), "c1");

        Assert.Contains("still reading", outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal("not-ready", outcome.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyMessage_AsksForAQuestion(string text)
    {
        var outcome = await Say(text);

        Assert.Contains("didn't get any text", outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, _engine.ModelRuns);
    }

    [Fact]
    public async Task TooLongMessage_IsDeclinedWithoutRunningTheModel()
    {
        var outcome = await Say(new string('a', FaqConversation.MaxMessageLength + 1));

        Assert.Equal("declined", outcome.Kind);
        Assert.Equal(0, _engine.ModelRuns);
    }

    [Theory]
    [InlineData("help", "I answer from one essay")]
    [InlineData("topics", "The essay has these sections")]
    [InlineData("myths", "Myths the essay answers")]
    [InlineData("hello", "Hello!")]
    [InlineData("thanks", "You're welcome!")]
    public async Task CommandOrSmallTalk_IsAnsweredWithoutTheModel(string text, string expected)
    {
        var outcome = await Say(text);

        Assert.Contains(expected, outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, _engine.ModelRuns);
    }

    [Fact]
    public async Task WhatIsTheEssayAbout_GivesHowItOpensAndEndsWithItsSectionsAsButtons()
    {
        var outcome = await Say("what is this essay about?");

        var (first, last) = (Essay.BodySections[0], Essay.BodySections[^1]);
        Assert.Contains(Essay.Title, outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Contains(first.Summary.Text, outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Contains(last.Summary.Text, outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal(Essay.Sections.Select(s => s.Title), outcome.Reply.Actions.Select(a => a.Title));
        Assert.Equal(0, _engine.ModelRuns);
    }

    [Fact]
    public async Task Question_IsAnsweredRememberedAndOffersAVoteOnThatAnswer()
    {
        _engine.Next = new FaqAnswer(Sanctions, Essay.Section(Sanctions.SectionId), Sure);

        var outcome = await Say("do sanctions work?");

        Assert.Equal("myth", outcome.Kind);
        Assert.NotNull(outcome.AnswerTime);
        Assert.Equal(Sanctions.Id, _memory.LastAnswerId);
        Assert.Equal("do sanctions work?", _memory.LastQuestion);
        Assert.Contains(outcome.Reply.Actions, a => a.Value == new UserAction(UserActionKind.Helpful, Sanctions.Id));
        Assert.Contains(outcome.Reply.Actions, a => a.Value == new UserAction(UserActionKind.NotHelpful, Sanctions.Id));
    }

    [Fact]
    public async Task ButtonNamingAnAnswer_IsAnsweredByIdWithoutTheModel()
    {
        var outcome = await Say("Summary of A Look Back", new UserAction(UserActionKind.Answer, History.Id));

        Assert.Equal(0, _engine.ModelRuns);
        Assert.Contains(History.Summary.Text, outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal(History.Id, _memory.LastAnswerId);
    }

    [Fact]
    public async Task ButtonFromTheMythsList_RebutsThatMyth()
    {
        var outcome = await Say(Sanctions.Myth!.Claim, new UserAction(UserActionKind.Myth, Sanctions.Id));

        Assert.StartsWith($"**Myth:** {Sanctions.Myth.Claim}", outcome.Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ButtonNamingAnAnswerTheEssayNoLongerHas_SaysSoAndOffersTheTopics()
    {
        var outcome = await Say("Old question", new UserAction(UserActionKind.Answer, "faq:gone"));

        Assert.Contains("no longer in the essay", outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal(Essay.Sections.Count, outcome.Reply.Actions.Count);
    }

    [Fact]
    public async Task VoteButtonOfAnEarlierAnswer_IsRecordedForThatAnswer()
    {
        _engine.Next = new FaqAnswer(Sanctions, Essay.Section(Sanctions.SectionId), Sure);
        await Say("do sanctions work?");
        await Say("history", new UserAction(UserActionKind.Answer, History.Id));

        var outcome = await Say("Helpful", new UserAction(UserActionKind.Helpful, Sanctions.Id));

        Assert.Equal("vote", outcome.Kind);
        Assert.True(outcome.Helpful);
        var record = Assert.Single(_feedback.Records);
        Assert.Equal((FeedbackKind.Helpful, Sanctions.Id, "c1"), (record.Kind, record.AnswerId, record.Conversation));
    }

    [Theory]
    [InlineData("not helpful")]
    [InlineData("Not helpful")]
    public async Task VoteTypedOrFromAnOldPlainTextButton_IsRecordedForTheLastAnswer(string text)
    {
        _engine.Next = new FaqAnswer(Sanctions, Essay.Section(Sanctions.SectionId), Sure);
        await Say("do sanctions work?");

        await Say(text);

        var record = Assert.Single(_feedback.Records);
        Assert.Equal((FeedbackKind.NotHelpful, Sanctions.Id, "do sanctions work?"), (record.Kind, record.AnswerId, record.Question));
    }

    [Fact]
    public async Task VoteBeforeAnyAnswer_AsksForAQuestionAndRecordsNothing()
    {
        var outcome = await Say("helpful");

        Assert.Contains("Ask me a question first", outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Empty(_feedback.Records);
    }

    [Fact]
    public async Task Fallback_AndNoneOfTheseAfterIt_AreRecordedWithTheQuestion()
    {
        _engine.Next = new FallbackAnswer(null, OutOfScope: true, AnswerConfidence.None);
        await Say("a lasagne recipe please");

        await Say(Phrases.NoneOfTheseButton, new UserAction(UserActionKind.NoneOfThese));

        Assert.Equal([FeedbackKind.Fallback, FeedbackKind.NoneOfThese], _feedback.Records.Select(r => r.Kind));
        Assert.All(_feedback.Records, r => Assert.Equal("a lasagne recipe please", r.Question));
    }

    [Theory]
    [InlineData("yes", 0)]
    [InlineData("Yes please", 0)]
    [InlineData("the second one", 1)]
    [InlineData("2", 1)]
    public async Task TypedReplyToADidYouMean_AnswersWithTheChoiceItNames(string text, int place)
    {
        var offered = Essay.Faqs.Take(2).ToList();
        _engine.Next = new DidYouMeanAnswer([.. offered.Select(f => new AnswerCandidate(f.Id, f.Question, 0.4f))], new AnswerConfidence(0.4f, 0.1f));
        await Say("us russia enemys?");

        var outcome = await Say(text);

        Assert.Equal(offered[place].Id, outcome.Answer?.About.Id);
        Assert.Contains(offered[place].Answer, outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal("us russia enemys?", _memory.LastQuestion);
        Assert.Equal(1, _engine.ModelRuns);
    }

    [Fact]
    public async Task TypedNoToADidYouMean_IsNoneOfTheseForTheQuestion()
    {
        var offered = Essay.Faqs.Take(2).ToList();
        _engine.Next = new DidYouMeanAnswer([.. offered.Select(f => new AnswerCandidate(f.Id, f.Question, 0.4f))], new AnswerConfidence(0.4f, 0.1f));
        await Say("us russia enemys?");

        await Say("no");
        var again = await Say("no");

        Assert.Equal([FeedbackKind.NoneOfThese], _feedback.Records.Select(r => r.Kind));
        Assert.Equal("us russia enemys?", _feedback.Records[0].Question);
        Assert.Equal("small-talk", again.Kind);
    }

    [Fact]
    public async Task TheFirstOneAfterAFallbacksNearestQuestions_AnswersTheFirst()
    {
        _engine.Next = new FallbackAnswer(Essay.Section(Sanctions.SectionId), OutOfScope: false, AnswerConfidence.None)
        {
            Nearest = [new AnswerCandidate(Sanctions.Id, Sanctions.Question, 0.3f)],
        };
        await Say("economic penalties will bring russia to its knees");

        var outcome = await Say("the first one");

        Assert.Equal(Sanctions.Id, outcome.Answer?.About.Id);
    }

    [Fact]
    public async Task AChoiceWithNothingOffered_SaysSoWithoutTheModel()
    {
        var outcome = await Say("the second one");

        Assert.Contains("haven't offered any choices", outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, _engine.ModelRuns);
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("yes")]
    [InlineData("got it")]
    public async Task AcknowledgementWithNothingOffered_IsSmallTalkNotAQuestion(string text)
    {
        _engine.Next = new FaqAnswer(Sanctions, Essay.Section(Sanctions.SectionId), Sure);
        await Say("do sanctions work?");

        var outcome = await Say(text);

        Assert.Equal("small-talk", outcome.Kind);
        Assert.Contains("Ask me anything else", outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, _engine.ModelRuns);
        Assert.Equal(Sanctions.Id, _memory.LastAnswerId);
    }

    [Fact]
    public async Task ShortQuestionThatPointsBack_IsAnsweredWithTheLastQuestionsSubject()
    {
        // The essay answers "when did the cold war end?" but not "when did it end?" alone.
        var ended = History.Sentences.First(s => s.Contains("ended", StringComparison.Ordinal));
        AnswersOnlyAboutTheColdWar(q => new FactAnswer(q.Contains("end", StringComparison.Ordinal) ? [ended] : [History.Sentences[0]], History, Sure));
        await Say("tell me about the cold war");

        var outcome = await Say("when did it end?");

        Assert.Equal("fact", outcome.Kind);
        Assert.Contains(ended, outcome.Reply.Text, StringComparison.Ordinal);
        Assert.Equal("when did it end? tell me about the cold war", _engine.Asked[^1]);
    }

    [Fact]
    public async Task PointingQuestionTheAnswerWithContextDoesNotHold_StaysAFallback()
    {
        // With the last question before it, the model answers about the cold war, but nothing there says "fix".
        AnswersOnlyAboutTheColdWar(_ => new FactAnswer([History.Sentences[0]], History, Sure));
        await Say("tell me about the cold war");

        var outcome = await Say("how do i fix it?");

        Assert.Equal("fallback", outcome.Kind);
        Assert.Equal("how do i fix it?", _memory.LastQuestion);
    }

    [Fact]
    public async Task QuestionThatNamesItsOwnSubject_IsNotAskedAgainWithContext()
    {
        AnswersOnlyAboutTheColdWar(_ => new FactAnswer([History.Sentences[0]], History, Sure));
        await Say("tell me about the cold war");

        await Say("what is the best pizza topping in naples?");

        Assert.Equal(2, _engine.ModelRuns);
    }

    /// <summary>The engine answers a question that names the cold war, and reads anything else as off-topic.</summary>
    private void AnswersOnlyAboutTheColdWar(Func<string, Answer> answer) => _engine.By = q => q.Contains("cold war", StringComparison.Ordinal)
        ? answer(q)
        : new FallbackAnswer(null, OutOfScope: true, AnswerConfidence.None);

    [Fact]
    public async Task TellMeMoreAfterAFact_GivesTheSectionSummaryThenItsParagraphs()
    {
        _engine.Next = new FactAnswer([History.Sentences[3]], History, Sure);
        await Say("when did the cold war end?");

        var summary = await Say("tell me more");
        var more = await Say("more", new UserAction(UserActionKind.TellMeMore));

        Assert.Contains(History.Summary.Text, summary.Reply.Text, StringComparison.Ordinal);
        Assert.Contains(History.Paragraphs[0], more.Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TellMeMoreAfterAnFaqAnswerWithoutEvidence_SaysThatWasAllAndOffersTheSections()
    {
        var faqSection = Essay.Section(Sanctions.SectionId);
        _engine.Next = new FaqAnswer(Sanctions, faqSection, Sure);
        await Say("do sanctions work?");

        var more = await Say("tell me more");

        Assert.Contains("all the essay says", more.Reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(faqSection.Summary.Text, more.Reply.Text, StringComparison.Ordinal);
        Assert.Equal(Essay.BodySections.Select(s => s.Title), more.Reply.Actions.Select(a => a.Title));
    }

    [Theory]
    [InlineData("why?")]
    [InlineData("tell me more")]
    public async Task FollowUpAfterAFallbackToTheFaqSection_OffersItsQuestions(string followUp)
    {
        var faqSection = Essay.Section(Sanctions.SectionId);
        _engine.Next = new FallbackAnswer(faqSection, OutOfScope: false, AnswerConfidence.None);
        await Say("how hot does it get?");

        var more = await Say(followUp);

        Assert.DoesNotContain(faqSection.Summary.Sentences[0], more.Reply.Text, StringComparison.Ordinal);
        var questions = Essay.Faqs.Where(f => f.SectionId == faqSection.Id).Select(f => f.Title).ToList();
        Assert.Equal(questions, more.Reply.Actions.Select(a => a.Title));
    }

    [Fact]
    public async Task WhyAfterAMythWithEvidence_ShowsTheEvidenceParagraphsUnderTheirSections()
    {
        var evidence = Essay.Sentences.First(s => s.Section.Id == History.Id && s.Paragraph == 1);
        _engine.Next = new FaqAnswer(Sanctions, Essay.Section(Sanctions.SectionId), Sure) { Evidence = [evidence] };
        await Say("sanctions always work");

        var why = await Say(Phrases.WhyButton, new UserAction(UserActionKind.Why));

        Assert.Contains($"**{History.Title}** says:", why.Reply.Text, StringComparison.Ordinal);
        Assert.Contains(History.Paragraphs[1], why.Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherMyth_RebutsEachMythOnceThenSaysThatWasEvery()
    {
        var myths = Essay.Faqs.Where(f => f.Myth is not null).ToList();
        var seen = new List<string>();
        for (var i = 0; i < myths.Count; i++)
        {
            var outcome = await Say("another myth");
            seen.Add(outcome.Answer!.About.Id!);
            Assert.StartsWith("**Myth:**", outcome.Reply.Text, StringComparison.Ordinal);
        }

        var last = await Say("another myth");

        Assert.Equal(myths.Select(m => m.Id), seen);
        Assert.Contains("every myth", last.Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUpBeforeAnyAnswer_AsksForAQuestionFirst()
    {
        var outcome = await Say("why?");

        Assert.Contains("Ask me a question first", outcome.Reply.Text, StringComparison.Ordinal);
    }

    /// <summary>Answers questions with <see cref="Next"/> (a fallback when unset), counting model runs; ids by the essay itself.</summary>
    private sealed class ScriptedEngine : IAnswerEngine
    {
        public Answer? Next { get; set; }

        public int ModelRuns { get; private set; }

        public Essay Essay => FaqConversationTests.Essay;

        /// <summary>Answers by the question's text instead of <see cref="Next"/> when set.</summary>
        public Func<string, Answer>? By { get; set; }

        public List<string> Asked { get; } = [];

        public Answer Answer(string question)
        {
            ModelRuns++;
            Asked.Add(question);
            return By?.Invoke(question) ?? Next ?? new FallbackAnswer(null, OutOfScope: false, AnswerConfidence.None);
        }

        public Answer AnswerWith(string answerId) => answerId.StartsWith("faq:", StringComparison.Ordinal)
            ? new FaqAnswer(Essay.Faq(answerId), Essay.Section(Essay.Faq(answerId).SectionId), Sure)
            : new SectionAnswer(Essay.Section(answerId), Sure);

        public Answer AnswerByKeywords(string question) => Answer(question);
    }

    private sealed class DirectAnswerer : IQuestionAnswerer
    {
        public Task<Answer> AnswerAsync(IAnswerEngine engine, string question, CancellationToken cancellationToken) =>
            Task.FromResult(engine.Answer(question));
    }

    private sealed class RecordingLog : IFeedbackLog
    {
        public List<FeedbackRecord> Records { get; } = [];

        public Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
        {
            Records.Add(record);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<FeedbackRecord>>(Records);
    }
}
