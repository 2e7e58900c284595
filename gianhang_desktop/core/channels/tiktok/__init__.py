"""TikTok Shop Partner API (202309 versions) connector (https://partner.tiktokshop.com/docv2)."""
