using FaqBot.Core.Knowledge;
namespace FaqBot.Core.Tests.Knowledge;
public class ProbeTests
{
    [Fact]
    public void Dump()
    {
        foreach (var path in new[] { Essays.Default, Essays.Honeybees })
        {
            var e = EssayParser.Load(path);
            var lines = new List<string> { e.Title };
            foreach (var s in e.Sections) { lines.Add($"## {s.Id} | {s.Title} | {s.Sentences.Count} sentences"); foreach (var x in s.Summary.Sentences) lines.Add("   * " + x); }
            foreach (var f in e.Faqs) lines.Add($"Q {f.Id} [{f.SectionId}] -> {f.Myth?.Claim} || {f.Myth?.Verdict}");
            foreach (var s in e.Sentences.Take(200)) lines.Add("  S " + s.Text);
            File.WriteAllLines("/tmp/dump-" + Path.GetFileName(path), lines);
        }
    }
}
