using FaqBot.Bot.Hosting;
using FaqBot.Bot.Storage;
using FaqBot.Classification.Engine;
using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Core.Feedback;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Admin;

/// <summary>
/// The curator's console: GET /admin shows what people ask and what needs review; POST /admin/label writes chosen review
/// items into the essay's curated training data (the file `review --take` writes); POST /admin/sign-in takes the admin
/// key. Every POST carries an anti-forgery token.
/// </summary>
internal static class AdminEndpoints
{
    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapGet("/admin", ShowAsync);
        app.MapPost("/admin/sign-in", SignInAsync);
        app.MapPost("/admin/label", LabelAsync);
        app.MapPost("/admin/retrain", RetrainAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext context, AdminAccess access, IAntiforgery antiforgery, AnswerEngineHost host,
        IQuestionLog questions, IFeedbackLog feedback, Retrainer retrainer, IOptions<KnowledgeOptions> knowledge, CancellationToken cancellationToken)
    {
        if (!access.Allows(context) && access.SignInConfigured)
        {
            // Entra ID sign-in: off to the sign-in page, or, signed in without the role, told which role is missing.
            return access.IsSignedIn(context)
                ? Page(context, AdminPage.MissingRole(access.CuratorRole), StatusCodes.Status403Forbidden)
                : Results.Challenge(new AuthenticationProperties { RedirectUri = "/admin" }, [OpenIdConnectDefaults.AuthenticationScheme]);
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        if (!access.Allows(context))
        {
            return Page(context, AdminPage.SignIn(access.KeyConfigured, tokens.RequestToken!), StatusCodes.Status401Unauthorized);
        }

        if (host.Engine is not { } engine)
        {
            return Page(context, AdminPage.Loading(), StatusCodes.Status503ServiceUnavailable);
        }

        var curated = CuratedData.Folder(knowledge.Value).CuratedTrainingFile(engine.Essay) is { } file ? TrainingDataFile.ReadLabelled(file).Select(e => (e.Label, e.Text)) : [];
        var report = CuratorReport.Build(await questions.ReadAllAsync(cancellationToken).ConfigureAwait(false), await feedback.ReadAllAsync(cancellationToken).ConfigureAwait(false), engine.Essay, curated);
        var labelled = int.TryParse(context.Request.Query["labelled"], out var n) ? n : (int?)null;
        return Page(context, AdminPage.Console(engine.Essay, report, tokens.RequestToken!, labelled, retrainer.Status), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, AdminAccess access, IAntiforgery antiforgery)
    {
        if (!await IsGenuineAsync(context, antiforgery).ConfigureAwait(false))
        {
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!access.IsKey(form["key"]))
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(AdminAccess.KeyCookie, form["key"].ToString(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/admin",
        });
        return Results.Redirect("/admin");
    }

    private static async Task<IResult> LabelAsync(HttpContext context, AdminAccess access, IAntiforgery antiforgery, AnswerEngineHost host,
        IFeedbackLog feedback, IOptions<KnowledgeOptions> knowledge, ICuratedSync sync)
    {
        if (await RefusalAsync(context, access, antiforgery).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (host.Engine is not { } engine)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var label = form["label"].ToString();
        if (label != AnswerPolicy.OutOfScopeLabel && !engine.Essay.AnswerIds.Contains(label))
        {
            return Results.BadRequest(new { error = $"'{label}' is not an answer of this essay." });
        }

        // Items are chosen by their number in the review list, never by text sent with the form.
        var items = ReviewQueue.Build((await feedback.ReadAllAsync(context.RequestAborted).ConfigureAwait(false)).OrderBy(r => r.Time));
        var chosen = form["item"].Select(v => int.TryParse(v, out var number) ? number : 0).Where(n => n >= 1 && n <= items.Count).Distinct()
            .Select(n => items[n - 1].Question).ToList();
        if (chosen.Count == 0)
        {
            return Results.BadRequest(new { error = "Choose at least one question to label." });
        }

        var path = CuratedData.Folder(knowledge.Value).CuratedTrainingPath(engine.Essay);
        TrainingDataFile.AppendLabelled(path, label, chosen);
        await sync.LabelledAsync(engine.Essay, label, chosen, context.RequestAborted).ConfigureAwait(false);
        return Results.Redirect($"/admin?labelled={chosen.Count}");
    }

    private static async Task<IResult> RetrainAsync(HttpContext context, AdminAccess access, IAntiforgery antiforgery, Retrainer retrainer)
    {
        if (await RefusalAsync(context, access, antiforgery).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        retrainer.Start();
        return Results.Redirect("/admin");
    }

    /// <summary>Why a console POST is refused (401 without access, 400 without a genuine anti-forgery token), or null.</summary>
    private static async Task<IResult?> RefusalAsync(HttpContext context, AdminAccess access, IAntiforgery antiforgery) =>
        !access.Allows(context) ? Results.StatusCode(StatusCodes.Status401Unauthorized)
        : !await IsGenuineAsync(context, antiforgery).ConfigureAwait(false) ? Results.StatusCode(StatusCodes.Status400BadRequest)
        : null;

    private static async Task<bool> IsGenuineAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    private static IResult Page(HttpContext context, string html, int status)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}

internal static class AdminRegistration
{
    /// <summary>Reads the Entra ID session cookie into the request's user, when sign-in is configured.</summary>
    public static WebApplication UseAdminSignIn(this WebApplication app)
    {
        if (app.Services.GetRequiredService<AdminAccess>().SignInConfigured)
        {
            app.UseAuthentication();
        }

        return app;
    }

    /// <summary>The console's access rule, anti-forgery tokens and the question log it reads.</summary>
    public static IServiceCollection AddFaqBotAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AdminOptions>(configuration, AdminOptions.SectionName);
        services.AddValidatedOptions<QuestionLogOptions>(configuration, QuestionLogOptions.SectionName);
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<Retrainer>();
        if (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() is { Enabled: true })
        {
            services.AddSingleton<RedisCuratedSync>();
            services.AddSingleton<ICuratedSync>(sp => sp.GetRequiredService<RedisCuratedSync>());
            services.AddHostedService<RedisCuratedListener>();
        }
        else
        {
            services.AddSingleton<ICuratedSync, NoCuratedSync>();
        }

        services.AddHostedService<EssayWatcher>();
        services.AddAntiforgery(options => options.Cookie.Path = "/admin");
        if (!string.IsNullOrWhiteSpace(configuration[$"{AdminAccess.EntraSection}:ClientId"]))
        {
            // OpenID Connect with Microsoft Entra ID; the session is a cookie, the curator role an app role in the token.
            services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApp(configuration.GetSection(AdminAccess.EntraSection));
        }

        services.AddSingleton<IQuestionLog>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<QuestionLogOptions>>().Value;
            return new QuestionLog(KnowledgeOptions.Resolve(options.LogPath), options.RetentionDays, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
