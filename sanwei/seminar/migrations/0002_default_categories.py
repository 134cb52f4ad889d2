"""The default opinion taxonomy (issue 9). Editable afterwards; codes are stable."""

from django.db import migrations

DEFAULT_CATEGORIES = [
    ("roads", "道路交通", "道路、交通、桥梁"),
    ("water", "饮水灌溉", "饮用水、农田灌溉"),
    ("agri", "产业就业", "农业、产业、就业"),
    ("elder", "养老服务", "老年人照护、养老"),
    ("edu", "教育儿童", "儿童、学校、教育"),
    ("health", "医疗医保", "看病就医、医疗保险"),
    ("env", "人居环境", "环境、卫生、垃圾处理"),
    ("gov", "村务治理", "村级治理、干部作风、村务公开"),
    ("policy", "政策咨询", "政策问题、补贴、养老金"),
    ("other", "其他", "以上类别之外"),
]


def add_categories(apps, schema_editor):
    OpinionCategory = apps.get_model("seminar", "OpinionCategory")
    for order, (code, name, description) in enumerate(DEFAULT_CATEGORIES):
        OpinionCategory.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("seminar", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
