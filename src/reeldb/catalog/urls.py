from __future__ import annotations

from django.urls import path, register_converter

from reeldb.catalog import views
from reeldb.catalog.selectors import PERSON_ID, TITLE_ID


class TitleIdConverter:
    """Match IMDb ``tt`` ids and local ``rt`` ids; anything else is a 404."""

    regex = TITLE_ID.pattern

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PersonIdConverter(TitleIdConverter):
    """Match IMDb ``nm`` ids and local ``rn`` ids."""

    regex = PERSON_ID.pattern


register_converter(TitleIdConverter, "title_id")
register_converter(PersonIdConverter, "person_id")

app_name = "catalog"
urlpatterns = [
    path("title/<title_id:title_id>/", views.title_detail, name="title"),
    path("title/<title_id:title_id>/plotsummary", views.plot_summary, name="plot_summary"),
    path("title/<title_id:title_id>/fullcredits", views.full_credits, name="full_credits"),
    path("title/<title_id:title_id>/sources", views.title_sources, name="sources"),
    path("title/<title_id:title_id>/episodes", views.episode_guide, name="episodes"),
    path("name/<person_id:person_id>/", views.person_detail, name="person"),
]
