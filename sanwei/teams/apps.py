from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "sanwei.teams"
    label = "teams"
    verbose_name = "队伍"
