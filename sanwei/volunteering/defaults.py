"""The service categories every deployment starts with (issue 10 part 2, DESIGN.md §2)."""

from django.db import models

DEFAULT_CATEGORIES: list[dict] = [
    {"code": "environment", "name": "环境整治", "description": "人居环境、河道沟渠、公路沿线卫生"},
    {"code": "elderly_children", "name": "关爱一老一小", "description": "空巢老人、留守儿童"},
    {
        "code": "school_safety",
        "name": "护学岗·校园安全",
        "description": "上学放学护学、校园周边交通劝导",
    },
    {"code": "policy", "name": "政策咨询", "description": "医保社保、惠民政策解读与代办"},
    {"code": "education", "name": "教育", "description": "防溺水、安全教育、课业辅导"},
    {"code": "culture", "name": "文化", "description": "农家书屋、文艺活动"},
    {"code": "science", "name": "科普", "description": "防诈骗、农技、健康知识"},
    {"code": "drought", "name": "抗旱救灾", "description": "送水、清理水源"},
    {"code": "forest_fire", "name": "森林防火", "description": "宣传、巡山、值守"},
    {"code": "visits", "name": "走访慰问", "description": "走访慰问困难群众"},
    {"code": "civility", "name": "文明引导", "description": "移风易俗、文明劝导"},
    {
        "code": "revitalisation",
        "name": "乡村振兴·产业",
        "description": "产业发展、技术指导、助农销售",
    },
    {"code": "governance", "name": "村级治理", "description": "矛盾纠纷排查调解"},
]


def seed_default_categories(category_model: type[models.Model]) -> None:
    """Create the default categories that are missing (by code), in this order; existing
    ones are left as they are. Takes the model so the data migration can pass its own."""
    for order, item in enumerate(DEFAULT_CATEGORIES):
        category_model.objects.get_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "description": item["description"],
                "sort_order": order,
            },
        )
