FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY game_content ./game_content
COPY web_client ./web_client
RUN pip install --no-cache-dir . && useradd --create-home counterplay
USER counterplay
WORKDIR /home/counterplay
EXPOSE 8000
CMD ["counterplay", "serve", "--host", "0.0.0.0", "--port", "8000"]
