namespace FtActors.Persistence.Sql;

/// <summary>Settings of a <see cref="SqlJournal"/>.</summary>
public sealed record SqlJournalOptions
{
    /// <summary>How deletes treat rows; see <see cref="JournalDeleteMode"/>.</summary>
    public JournalDeleteMode DeleteMode { get; init; } = JournalDeleteMode.Physical;

    /// <summary>Checks every setting and throws with the setting's name, what was expected and what was found.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(DeleteMode))
        {
            throw new PersistenceException($"SqlJournalOptions.DeleteMode: expected Physical or Logical, found {DeleteMode}.");
        }
    }
}
