app_name = "recording"
urlpatterns: list = []
