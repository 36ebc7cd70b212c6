from django.urls import path

from feed import views

urlpatterns = [path("post", views.post), path("health", views.health)]

# DEBUG is off, yet a failed request answers with Django's technical 500 page, as the seed's did.
handler500 = "feed.views.server_error"
