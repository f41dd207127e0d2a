<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows a Cadence feed as a readable page when opened in a browser. Feed readers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:feed/atom:title | rss/channel/title"/> (feed)</title>
        <link rel="icon" href="/theme/favicon.svg" type="image/svg+xml"/>
        <link rel="stylesheet" href="/theme/css/cadence.css"/>
      </head>
      <body>
        <main class="wrap">
          <p class="label">Feed</p>
          <h1><xsl:value-of select="atom:feed/atom:title | rss/channel/title"/></h1>
          <p class="lead">This is a feed: copy the address of this page into your feed reader to
            follow these posts. <a href="/subscribe/">All feeds</a>.</p>
          <ol class="post-list">
            <xsl:for-each select="atom:feed/atom:entry | rss/channel/item">
              <li class="post-summary">
                <h2><a href="{atom:link/@href | link}"><xsl:value-of select="atom:title | title"/></a></h2>
                <p class="byline"><xsl:value-of select="atom:published | pubDate"/></p>
              </li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
