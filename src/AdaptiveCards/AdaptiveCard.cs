namespace AdaptiveCards
{
    /// <summary>Placeholder for the Adaptive Cards object model type the Bot Framework SDK references by name.</summary>
    public class AdaptiveCard
    {
    }
}
