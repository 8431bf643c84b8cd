"""The 意见 page: the feedback register, replies, box openings and the 回音壁 settings."""
