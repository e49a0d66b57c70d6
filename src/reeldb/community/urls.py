"""Accounts under /accounts/, title-page controls under /title/…, lists, reviews, profiles."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from reeldb.community import views

app_name = "community"

DONE = reverse_lazy("community:password_reset_done")

account_patterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        views.PasswordChangeView.as_view(
            success_url=reverse_lazy("community:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        views.PasswordResetView.as_view(
            success_url=DONE,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("community:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

title_patterns = [
    path("title/<title_id:title_id>/rating", views.rate, name="rate"),
    path("title/<title_id:title_id>/watchlist", views.watchlist, name="watchlist"),
    path("title/<title_id:title_id>/checkin", views.check_in, name="check_in"),
    path("title/<title_id:title_id>/lists/add", views.add_to_list, name="add_to_list"),
    path("title/<title_id:title_id>/reviews", views.reviews, name="reviews"),
    path("title/<title_id:title_id>/reviews/write", views.write_review, name="write_review"),
]

urlpatterns = [
    *account_patterns,
    *title_patterns,
    path("review/<int:review_id>/", views.review_detail, name="review"),
    path("review/<int:review_id>/delete", views.delete_review, name="delete_review"),
    path("review/<int:review_id>/helpful", views.vote_review, name="vote_review"),
    path("lists", views.list_index, name="lists"),
    path("list/new", views.new_list, name="new_list"),
    path("list/<int:list_id>/", views.list_detail, name="list"),
    path("list/<int:list_id>/edit", views.edit_list, name="edit_list"),
    path("list/<int:list_id>/delete", views.delete_list, name="delete_list"),
    path("list/<int:list_id>/add", views.add_list_item, name="add_list_item"),
    path("list/<int:list_id>/remove", views.remove_list_item, name="remove_list_item"),
    path("list/<int:list_id>/move", views.move_list_item, name="move_list_item"),
    path("user/<username:username>/", views.profile, name="profile"),
    path("accounts/history/", views.history, name="history"),
    path("accounts/history/<slug:export>.csv", views.export_history, name="export_history"),
]
