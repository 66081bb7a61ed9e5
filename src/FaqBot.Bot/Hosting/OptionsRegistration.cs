namespace FaqBot.Bot.Hosting;

public static class OptionsRegistration
{
    /// <summary>
    /// Options bound from a configuration section, with their data annotations checked when the host starts, so a bad
    /// setting stops the bot with a message naming it instead of failing a user's turn later.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(sectionName)).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
