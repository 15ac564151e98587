from django.http import HttpResponse
from django.urls import path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare)]
