from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_manage

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_otp, name="login_otp"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.me, name="me"),
    path("two-factor/", views.otp_setup, name="otp_setup"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    # Managing accounts (town admins within their regions, superusers)
    path("users/", views_manage.AccountList.as_view(), name="account_list"),
    path("users/new/", views_manage.account_create, name="account_create"),
    path("users/<int:account_pk>/", views_manage.account_detail, name="account_detail"),
    path("users/<int:account_pk>/active/", views_manage.account_set_active, name="account_active"),
    path(
        "users/<int:account_pk>/password/",
        views_manage.account_reset_password,
        name="account_reset_password",
    ),
    path(
        "users/<int:account_pk>/two-factor/",
        views_manage.account_reset_two_factor,
        name="account_reset_two_factor",
    ),
    path("users/<int:account_pk>/roles/", views_manage.account_add_role, name="account_add_role"),
    path(
        "users/<int:account_pk>/roles/<int:assignment_pk>/remove/",
        views_manage.account_remove_role,
        name="account_remove_role",
    ),
    # API tokens: one's own, and those of the accounts one manages
    path("tokens/", views_manage.token_list, name="token_list"),
    path("tokens/new/", views_manage.token_create, name="token_create"),
    path("tokens/<int:token_pk>/revoke/", views_manage.token_revoke, name="token_revoke"),
]
