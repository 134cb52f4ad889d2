from django.http import HttpResponse


def team_list(request):
    return HttpResponse("")
