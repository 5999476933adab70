using System.Collections.Immutable;
using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// Checks everything a store promises: header and region checksums, a sorted and unique index whose
/// slots and free slots exactly tile the committed page area, every page's bytes against its hash, and
/// every guest map (sorted frames; selected pages present in the index).
/// </summary>
public static class StoreVerifier
{
    private const int MaxProblems = 1000;

    /// <summary>Verifies the store in <paramref name="directory"/>; never throws for a bad store, only reports.</summary>
    public static VerifyReport Verify(string directory, IPageEngine? engine = null)
    {
        engine ??= PageEngines.Default;
        var problems = new List<string>();
        PageStore store;
        try
        {
            store = PageStore.Open(directory, verifyChecksums: true, engine);
        }
        catch (StoreException ex)
        {
            return new VerifyReport(null, 0, 0, [ex.Message]);
        }

        using (store)
        {
            long pages = 0;
            long mapEntries = 0;
            try
            {
                pages = CheckIndexAndPages(store, engine, problems);
                mapEntries = CheckMaps(store, problems);
            }
            catch (StoreException ex)
            {
                Add(problems, ex.Message);
            }

            return new VerifyReport(store.Identity, pages, mapEntries, [.. problems]);
        }
    }

    private static void Add(List<string> problems, string problem)
    {
        if (problems.Count < MaxProblems)
        {
            problems.Add(problem);
        }
        else if (problems.Count == MaxProblems)
        {
            problems.Add("... further problems not listed");
        }
    }

    private static long CheckIndexAndPages(PageStore store, IPageEngine engine, List<string> problems)
    {
        ManifestView m = store.Manifest;
        string manifest = m.Path;
        string pagesPath = store.Pages.Path;
        var slotsUsed = new HashSet<uint>();
        byte[] page = new byte[PageSize.Bytes];
        PageHash? previous = null;
        long checkedPages = 0;
        foreach ((PageHash hash, uint slot, long offset) in m.Entries())
        {
            if (previous is PageHash p && ManifestData.CompareHash(p, hash) >= 0)
            {
                Add(problems, $"{manifest}: index entry at offset {offset}: expected a hash above {p}, found {hash} (index not sorted or not unique)");
            }

            previous = hash;
            if (slot >= m.PageSlots)
            {
                Add(problems, $"{manifest}: index entry at offset {offset}: slot {slot} is past the {m.PageSlots} committed slots");
                continue;
            }

            if (!slotsUsed.Add(slot))
            {
                Add(problems, $"{manifest}: index entry at offset {offset}: slot {slot} is named twice");
            }

            if (!store.Contains(hash))
            {
                Add(problems, $"{manifest}: index entry at offset {offset}: hash {hash} is not found by lookup (fanout table wrong)");
            }

            checkedPages++;
            long pageOffset = StoreFormat.SlotOffset(slot);
            if (!store.Pages.ReadSlot(slot, page))
            {
                Add(problems, $"{pagesPath}: page {hash} slot {slot} at offset {pageOffset}: expected 4096 bytes, found the end of the file");
                continue;
            }

            PageHash actual = engine.Hash(page);
            if (actual != hash)
            {
                Add(problems, $"{pagesPath}: page slot {slot} at offset {pageOffset}: expected hash {hash}, found {actual}");
            }
        }

        var free = new HashSet<uint>();
        foreach (uint slot in m.FreeSlots())
        {
            if (slot >= m.PageSlots || slotsUsed.Contains(slot) || !free.Add(slot))
            {
                Add(problems, $"{manifest}: free slot {slot}: expected a unique unused slot below {m.PageSlots}");
            }
        }

        if (slotsUsed.Count + free.Count != m.PageSlots)
        {
            Add(problems, $"{manifest}: expected the {m.PageSlots} committed slots to be live or free, found {slotsUsed.Count} live and {free.Count} free");
        }

        return checkedPages;
    }

    private static long CheckMaps(PageStore store, List<string> problems)
    {
        long count = 0;
        foreach (ManifestView.GuestSlot g in store.Manifest.Guests)
        {
            GuestMapEntry[] entries = store.Manifest.ReadMap(g);
            long selected = 0;
            for (int i = 0; i < entries.Length; i++)
            {
                GuestMapEntry e = entries[i];
                long offset = g.EntriesOffset + ((long)i * StoreFormat.MapEntrySize);
                if (i > 0 && entries[i - 1].Frame >= e.Frame)
                {
                    Add(problems, $"{store.Manifest.Path}: guest '{g.Summary.Name}' map entry at offset {offset}: expected a frame above {entries[i - 1].Frame}, found {e.Frame}");
                }

                if (e.Selected)
                {
                    selected++;
                    if (!store.Contains(e.Hash))
                    {
                        Add(problems, $"{store.Manifest.Path}: guest '{g.Summary.Name}' frame {e.Frame} (offset {offset}): selected page {e.Hash} is not in the index");
                    }
                }

                count++;
            }

            if (selected != g.Summary.SelectedFrames)
            {
                Add(problems, $"{store.Manifest.Path}: guest '{g.Summary.Name}': header says {g.Summary.SelectedFrames} selected frames, map has {selected}");
            }
        }

        return count;
    }
}
