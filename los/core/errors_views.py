from django.shortcuts import render

# Los' own error pages (los/templates/400.html, 403.html, 404.html), in the base look and in bokmål.
# 500.html and 403_csrf.html are rendered by Django itself, without a request.


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)
