"""The typed report and its renderings (terminal, Markdown, HTML) and exported case corpora."""
