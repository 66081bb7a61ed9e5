using System.Net;
using FaqBot.Bot.Tests.Hosting;

namespace FaqBot.Bot.Tests.WebChat;

[Collection(DefaultBot.Name)]
public sealed class WebChatPageTests(TestBot shared)
{
    [Fact]
    public async Task GetRoot_ServesThePageWithTheOfficialWebChatBundleFromThisOrigin()
    {
        using var http = shared.CreateClient();

        using var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        using var bundle = await http.GetAsync(new Uri("/webchat/webchat.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script src=\"webchat/webchat.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Contains("botframework-webchat", await bundle.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
