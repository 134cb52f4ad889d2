from django.http import HttpResponse


def person_list(request):
    return HttpResponse("")


def household_list(request):
    return HttpResponse("")
