//! Floor 4 · The join address as a QR code image for the projector: dark modules on white with the
//! standard quiet zone, one texel per module, sampled nearest so it stays sharp at any size.

use bevy::asset::RenderAssetUsages;
use bevy::image::{Image, ImageSampler};
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use qrcode::{Color as Module, EcLevel, QrCode};

/// The quiet zone around the code, in modules (ISO/IEC 18004 asks for four): phones' readers find the
/// code's edge by it.
const QUIET_ZONE: usize = 4;

/// The QR code of `text` as an image, or why it cannot be made (a text too long for any QR version).
pub fn image(text: &str) -> Result<Image, qrcode::types::QrError> {
    // Medium error correction: read from the back of a room at a slant, a projector's blur and a phone's
    // glare still leave 15 % to recover.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)?;
    let width = code.width();
    let side = width + 2 * QUIET_ZONE;
    let mut pixels = vec![255u8; side * side * 4];
    for (i, module) in code.to_colors().into_iter().enumerate() {
        if module == Module::Dark {
            let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
            let at = (y * side + x) * 4;
            pixels[at..at + 3].copy_from_slice(&[0, 0, 0]);
        }
    }
    let mut image = Image::new(
        Extent3d {
            width: side as u32,
            height: side as u32,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        pixels,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::nearest();
    Ok(image)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_address_makes_a_square_code_with_its_quiet_zone() {
        let image = image("http://192.168.1.20:48213/?code=K7MPQ2").expect("an address fits a QR code");
        let size = image.texture_descriptor.size;
        assert_eq!(size.width, size.height);
        let data = image.data.as_ref().expect("pixels");
        let side = size.width as usize;
        // The quiet zone is white all round; the finder pattern's corner module just inside it is dark.
        assert!(data[..side * 4 * QUIET_ZONE].iter().all(|&b| b == 255));
        let corner = (QUIET_ZONE * side + QUIET_ZONE) * 4;
        assert_eq!(&data[corner..corner + 3], &[0, 0, 0]);
    }
}
