# The command lives with the rest of the import code in articles/importing/.
from articles.importing.command import Command  # noqa: F401
