"""The normalised model every rule is written against.

- :mod:`.values` — :class:`~.values.Scalar` (a located value) and :class:`~.values.Intrinsic`;
- :mod:`.node` — :class:`~.node.Node`, the base of every model node (``loc``, ``where``,
  ``is_unknown``);
- :mod:`.pipeline`, :mod:`.codedeploy`, :mod:`.sam`, :mod:`.codebuild`, :mod:`.resources`,
  :mod:`.appspec`, :mod:`.template` — the node types;
- :mod:`.build` — :func:`~.build.build_model`, one document → :class:`~.build.DocumentModel`;
- :mod:`.project` — :class:`~.project.Project`, every document of a run, with lookups and
  value resolution (:mod:`.resolution`).
"""
