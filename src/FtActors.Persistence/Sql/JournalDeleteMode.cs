namespace FtActors.Persistence.Sql;

/// <summary>What "delete events up to n" does to the rows.</summary>
public enum JournalDeleteMode
{
    /// <summary>
    /// Remove the rows and keep the highest removed number in <c>journal_metadata</c>, so it is never reused.
    /// Frees space; the default, since events are deleted once a snapshot covers them.
    /// </summary>
    Physical,

    /// <summary>Keep the rows with <c>is_deleted</c> set; replay skips them. For audits that want the history.</summary>
    Logical,
}
