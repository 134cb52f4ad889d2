"""The default need categories (Open311 `services`). Editable afterwards; codes are stable."""

from django.db import migrations

DEFAULT_CATEGORIES = [
    ("daily_help", "生活帮扶", "代购代办、家务、陪护"),
    ("care", "助老扶幼", "关爱老人、留守儿童"),
    ("health", "医疗健康", "就医、送药、健康咨询"),
    ("repair", "设施维修", "水电、道路、房屋等小修小补"),
    ("policy", "政策咨询", "政策、补贴、办事咨询"),
    ("mediation", "矛盾调解", "邻里纠纷、家庭矛盾"),
    ("jobs", "就业产业", "就业、技术、农产品销售"),
    ("env", "环境卫生", "垃圾清理、环境整治"),
    ("other", "其他", "以上类别之外"),
]


def add_categories(apps, schema_editor):
    NeedCategory = apps.get_model("needs", "NeedCategory")
    for order, (code, name, description) in enumerate(DEFAULT_CATEGORIES):
        NeedCategory.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
