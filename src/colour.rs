//! The course's accent colour (`[theme] accent`), made readable: links and buttons in
//! it keep WCAG AA contrast (4.5:1) on the theme's light and dark backgrounds.

/// A colour as red, green and blue from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb([f64; 3]);

impl Rgb {
    /// `#rgb` or `#rrggbb`.
    pub fn parse(hex: &str) -> Option<Rgb> {
        let h = hex.strip_prefix('#')?;
        let digits: Vec<u8> = h
            .chars()
            .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
            .collect::<Option<_>>()?;
        let bytes: Vec<u8> = match digits.len() {
            3 => digits.iter().map(|d| d * 17).collect(),
            6 => digits.chunks(2).map(|p| p[0] * 16 + p[1]).collect(),
            _ => return None,
        };
        Some(Rgb([0, 1, 2].map(|i| f64::from(bytes[i]) / 255.0)))
    }

    pub fn hex(self) -> String {
        let [r, g, b] = self.0.map(|c| (c * 255.0).round().clamp(0.0, 255.0) as u8);
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// WCAG's relative luminance.
    fn luminance(self) -> f64 {
        let lin = |c: f64| {
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0.map(lin);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// WCAG's contrast ratio, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `t` of the way from this colour to `to`.
    fn mix(self, to: Rgb, t: f64) -> Rgb {
        Rgb([0, 1, 2].map(|i| self.0[i] + (to.0[i] - self.0[i]) * t))
    }
}

const WHITE: Rgb = Rgb([1.0, 1.0, 1.0]);
const INK: Rgb = Rgb([0.043, 0.067, 0.12]);
/// The default theme's backgrounds that accent text sits on (page, card, surface).
const LIGHT: [&str; 3] = ["#ffffff", "#f6f7f9", "#f1f3f6"];
const DARK: [&str; 3] = ["#171a1f", "#111317", "#21262d"];

/// The accent's colours for the style sheet, each a `light-dark()` pair.
#[derive(serde::Serialize, Debug)]
pub struct Accent {
    /// Links, buttons, the current item.
    pub accent: String,
    /// Text on an accent button.
    pub on: String,
    /// A soft tint behind the current item.
    pub soft: String,
}

/// The accent `hex` (already checked) for light and dark pages.
pub fn accent(hex: &str) -> Option<Accent> {
    let base = Rgb::parse(hex)?;
    let side = |backs: [&str; 3], toward: Rgb| {
        let backs = backs.map(|b| Rgb::parse(b).unwrap_or(WHITE));
        let soft = base.mix(backs[0], 0.85);
        let all = [backs[0], backs[1], backs[2], soft];
        // Darkened (light pages) or lightened (dark ones) just enough to read on all.
        let mut colour = base;
        let mut t = 0.0;
        while all.iter().any(|b| colour.contrast(*b) < 4.5) && t < 1.0 {
            t += 0.05;
            colour = base.mix(toward, t);
        }
        let on = if colour.contrast(WHITE) >= colour.contrast(INK) {
            WHITE
        } else {
            INK
        };
        (colour, on, soft)
    };
    let (light, on_light, soft_light) = side(LIGHT, Rgb([0.0, 0.0, 0.0]));
    let (dark, on_dark, soft_dark) = side(DARK, WHITE);
    let pair = |a: Rgb, b: Rgb| format!("light-dark({},{})", a.hex(), b.hex());
    Some(Accent {
        accent: pair(light, dark),
        on: pair(on_light, on_dark),
        soft: pair(soft_light, soft_dark),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_in_both_lengths_and_nothing_else() {
        assert_eq!(Rgb::parse("#c30").map(Rgb::hex).as_deref(), Some("#cc3300"));
        assert_eq!(
            Rgb::parse("#0B57D0").map(Rgb::hex).as_deref(),
            Some("#0b57d0")
        );
        for bad in ["0b57d0", "#0b57d", "#ggg", "red", "#12345678"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_accent_reads_on_every_background_light_and_dark() {
        for hex in ["#ffcc00", "#0b57d0", "#000", "#fff", "#6b3fa0", "#e4002b"] {
            let a = accent(hex).unwrap();
            let pair = |s: &str| {
                let inner = s.trim_start_matches("light-dark(").trim_end_matches(')');
                let (l, d) = inner.split_once(',').unwrap();
                (Rgb::parse(l).unwrap(), Rgb::parse(d).unwrap())
            };
            let (light, dark) = pair(&a.accent);
            let (soft_light, soft_dark) = pair(&a.soft);
            let (on_light, on_dark) = pair(&a.on);
            for back in LIGHT
                .map(|b| Rgb::parse(b).unwrap())
                .into_iter()
                .chain([soft_light])
            {
                assert!(light.contrast(back) >= 4.5, "{hex} light on {back:?}");
            }
            for back in DARK
                .map(|b| Rgb::parse(b).unwrap())
                .into_iter()
                .chain([soft_dark])
            {
                assert!(dark.contrast(back) >= 4.5, "{hex} dark on {back:?}");
            }
            assert!(
                light.contrast(on_light) >= 4.5 && dark.contrast(on_dark) >= 4.5,
                "{hex} buttons"
            );
        }
    }
}
