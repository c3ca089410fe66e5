"""Language choice: bokmål unless the user picks another language with the switch (a cookie).

A browser's Accept-Language does not override the default on pages: a Norwegian public service
speaks bokmål first. API callers may still ask for English with Accept-Language.
"""


class BokmalFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
