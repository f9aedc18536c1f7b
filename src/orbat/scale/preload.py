"""Imported once by the process pool's fork server, before it forks any worker.

Extraction loads language models and gazetteers lazily, which costs seconds;
done here, every forked worker starts with them already in (shared, copy-on-
write) memory instead of loading its own copy on its first page.
"""

from orbat.scale.worker import warm_up

warm_up()
