using System.Reflection;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Tests.Unit;

// Identifiers that outlive a release (stored in the audit chain, shared between nodes through PostgreSQL) are
// declared once each; these tests keep the declarations distinct.
public class StableIdentifierTests
{
    [Fact]
    public void AdvisoryLocks_All_ListsEveryKeyOnceAndKeysAreDistinct()
    {
        var declared = Constants<long>(typeof(AdvisoryLocks));

        var listed = AdvisoryLocks.All.Select(l => l.Key).ToList();

        Assert.Equal(declared.Values.Order(), listed.Order());
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(declared.Keys.Order(), AdvisoryLocks.All.Select(l => l.Name).Order());
    }

    [Fact]
    public void AuditActions_AreDistinctAndInOneForm()
    {
        var actions = Constants<string>(typeof(AuditActions)).Values.ToList();

        Assert.NotEmpty(actions);
        Assert.Equal(actions.Count, actions.Distinct(StringComparer.Ordinal).Count());
        Assert.All(actions, a => Assert.Matches("^[a-z]+\\.[a-z_-]+$", a));
    }

    private static Dictionary<string, T> Constants<T>(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(T))
            .ToDictionary(f => f.Name, f => (T)f.GetRawConstantValue()!);
}
