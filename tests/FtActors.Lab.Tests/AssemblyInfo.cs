// Lab tests boot real TCG guests; two at once on a 2-core machine only make both slow. One at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
