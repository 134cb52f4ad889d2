"""微研讨 API: the same scoping, permissions and service rules as the pages."""

from sanwei.core.api import ApiRouter

router = ApiRouter(tags=["seminar"])


# Topics: hot topics and the staff's corrections of category and group (api_topics.py)
from .api_topics import router as topics_router  # noqa: E402

router.add_router("", topics_router)

# The opinion loop's operations (api_opinions.py) register on this router.
from . import api_opinions  # noqa: E402, F401
