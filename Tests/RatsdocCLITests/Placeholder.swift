// Placeholder so the RatsdocCLITests target has a source file; the CLI tests live with the CLI owner.
