"""What leaves the app: PNG/SVG, Excel, PowerPoint and the canonical CSV."""
