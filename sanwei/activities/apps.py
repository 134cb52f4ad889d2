from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "sanwei.activities"
    label = "activities"
    verbose_name = "专题活动"
