"""Post-transforms that need their application: its builder, its build's state.

Sphinx 9 gives a transform no public way to the application (``SphinxTransform.app`` is
deprecated, and Sphinx's own transforms reach a private attribute). A fomoproc
post-transform subclasses :class:`AppPostTransform` and is registered with :func:`add`,
which binds it to its application on a subclass of its own.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


class AppPostTransform(SphinxPostTransform):
    """A post-transform that knows the application it runs for (``sphinx_app``)."""

    sphinx_app: Sphinx  # set by add()


def add(app: Sphinx, transform: type[AppPostTransform]) -> None:
    """Register ``transform`` for ``app``, bound to it."""
    app.add_post_transform(type(transform.__name__, (transform,), {"sphinx_app": app}))
