from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sanwei.people"
    label = "people"
    verbose_name = "群众与户"
