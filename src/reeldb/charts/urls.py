from __future__ import annotations

from django.urls import path

from reeldb.charts import views

app_name = "charts"
urlpatterns = [
    path("chart/top", views.top, name="top"),
    path("chart/toptv", views.top_tv, name="toptv"),
    path("chart/moviemeter", views.moviemeter, name="moviemeter"),
    path("chart/tvmeter", views.tv_meter, name="tvmeter"),
    path("chart/starmeter", views.starmeter, name="starmeter"),
    path("chart/boxoffice", views.box_office, name="boxoffice"),
    path("chart/genre", views.genre, name="genre"),
]
