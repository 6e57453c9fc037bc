"""The prepared cluster: what every engine receives from the shared front of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dedup import DedupResult
from .documents import LoadedFolder
from .sentences import Sentence


@dataclass(frozen=True)
class PreparedCluster:
    loaded: LoadedFolder  # reports as read, with skipped files
    sentences: tuple[Sentence, ...]  # all body sentences of all reports, in load order
    dedup: DedupResult  # groups in narrative order, one representative each
    corrections: dict[str, str]  # name typo -> frequent form, applied to output text
    warnings: tuple[str, ...]  # warnings raised while preparing (skipped files, off-topic reports, ...)
    # syllable -> the cluster's more frequent tone-mark placement, applied to output text
    tone_style: dict[str, str] = field(default_factory=dict)

    @property
    def merged_texts(self) -> list[str]:
        """The merged document: one (corrected) text per group, in narrative order."""
        return [g.text for g in self.dedup.groups]
