from django.http import HttpResponse


def activity_list(request, **kw):
    return HttpResponse("")
