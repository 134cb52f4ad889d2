"""The activity types every deployment starts with (DESIGN.md §2), one pillar each."""

from django.db import models

DEFAULT_ACTIVITY_TYPES: list[dict] = [
    # 微课堂 · 深学
    {"code": "party_school_training", "name": "党校专题培训", "pillar": "classroom"},
    {"code": "online_training", "name": "线上培训", "pillar": "classroom"},
    {"code": "offline_training", "name": "线下培训", "pillar": "classroom"},
    {"code": "theory_study_group", "name": "理论学习中心组学习", "pillar": "classroom"},
    {"code": "cadre_meeting", "name": "干部会议传达", "pillar": "classroom"},
    {"code": "special_study", "name": "专题学习会", "pillar": "classroom"},
    {"code": "micro_party_lesson", "name": "微党课", "pillar": "classroom"},
    {"code": "performance", "name": "唱演学（三句半）", "pillar": "classroom"},
    {"code": "mobile_lecture", "name": "流动宣讲", "pillar": "classroom"},
    {"code": "delivery", "name": "送学上门（一对一）", "pillar": "classroom", "is_delivery": True},
    # 微研讨 · 细悟
    {"code": "courtyard_meeting", "name": "屋场会", "pillar": "seminar"},
    {"code": "youth_study", "name": "青年干部学习座谈", "pillar": "seminar"},
    {"code": "essay_exchange", "name": "心得交流", "pillar": "seminar"},
    # 微服务 · 笃行
    {"code": "volunteer_service", "name": "志愿服务", "pillar": "service"},
    {"code": "themed_party_day", "name": "主题党日", "pillar": "service"},
    {"code": "sentiment_talk", "name": "民情恳谈会", "pillar": "service"},
    {"code": "monthly_practice", "name": "一月一课一片一实践", "pillar": "service"},
    {"code": "door_to_door", "name": "敲门问需·上门解题", "pillar": "service"},
    {"code": "visit_condolence", "name": "走访慰问", "pillar": "service"},
]


def seed_default_types(activity_type_model: type[models.Model]) -> None:
    """Create the default types that are missing (by code), in this order; existing ones are
    left as they are. Takes the model so the data migration can pass its historical one."""
    for order, item in enumerate(DEFAULT_ACTIVITY_TYPES):
        activity_type_model.objects.get_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "pillar": item["pillar"],
                "is_delivery": item.get("is_delivery", False),
                "sort_order": order,
            },
        )
