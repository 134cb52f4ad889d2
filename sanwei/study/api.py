"""学习与心得 API: the same scoping, permissions and service rules as the pages."""

from sanwei.core.api import ApiRouter

router = ApiRouter(tags=["study"])
