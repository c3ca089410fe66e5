from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "core/error.html", {"status": 404}, status=404)


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"status": 403}, status=403)


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"status": 400}, status=400)
