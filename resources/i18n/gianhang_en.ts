<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>App</name>
    <message>
        <source>Không mở được dữ liệu</source>
        <translation>Cannot open the data</translation>
    </message>
    <message>
        <source>Không mở được dữ liệu trong {folder}:
{error}</source>
        <translation>Cannot open the data in {folder}:
{error}</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Chưa có đơn hàng</source>
        <translation>No orders yet</translation>
    </message>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Sản phẩm đang bán</source>
        <translation>Products on sale</translation>
    </message>
    <message>
        <source>Giá trị tồn kho</source>
        <translation>Stock value</translation>
    </message>
    <message>
        <source>theo giá vốn (hoặc giá bán nếu chưa có giá vốn)</source>
        <translation>at cost (or selling price when no cost is known)</translation>
    </message>
    <message>
        <source>Đơn hàng chờ xử lý</source>
        <translation>Orders waiting</translation>
    </message>
    <message>
        <source>Sắp hết hàng</source>
        <translation>Low stock</translation>
    </message>
    <message>
        <source>Sắp hết hạn ({n} ngày tới)</source>
        <translation>Expiring soon (next {n} days)</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Còn / mức báo</source>
        <translation>Left / warning level</translation>
    </message>
    <message>
        <source>Hạn</source>
        <translation>Expiry</translation>
    </message>
    <message>
        <source>Còn</source>
        <translation>Left</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Trang này chưa mở được. Chi tiết đã ghi vào nhật ký.</source>
        <translation>This page could not be opened. The details were written to the log.</translation>
    </message>
    <message>
        <source>Giới thiệu Gian Hàng Desktop</source>
        <translation>About Gian Hàng Desktop</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Gian Hàng Desktop {version}&lt;/h3&gt;&lt;p&gt;Quản lý kho, ảnh, đơn hàng và đồng bộ gian hàng trực tuyến cho hợp tác xã.&lt;/p&gt;&lt;p&gt;Thư mục dữ liệu:&lt;br&gt;{folder}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Gian Hàng Desktop {version}&lt;/h3&gt;&lt;p&gt;Inventory, photos, orders and online store sync for cooperatives.&lt;/p&gt;&lt;p&gt;Data folder:&lt;br&gt;{folder}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Gian Hàng Desktop</source>
        <translation>Gian Hàng Desktop</translation>
    </message>
    <message>
        <source>Quản lý kho hợp tác xã</source>
        <translation>Cooperative inventory</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Mở thư mục dữ liệu</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Đang xử lý…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>MovementHistoryDialog</name>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Lô</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Lý do / ghi chú</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <source>Người làm</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Lịch sử kho</source>
        <translation>Stock history</translation>
    </message>
    <message>
        <source>{sku} · {name} · đang tồn {qty} {unit}</source>
        <translation>{sku} · {name} · {qty} {unit} on hand</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Ảnh</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Quản lý ảnh sản phẩm sẽ có ở đây: chụp, cắt, làm nền trắng cho sàn.</source>
        <translation>Product photos will be managed here: shoot, crop, white backgrounds for marketplaces.</translation>
    </message>
    <message>
        <source>Đơn hàng</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Đơn hàng, đóng gói và in phiếu giao hàng sẽ có ở đây.</source>
        <translation>Orders, packing and shipping labels will be here.</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Đồng bộ với gian hàng trực tuyến sẽ có ở đây.</source>
        <translation>Sync with the online store will be here.</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Sắp có</source>
        <translation>Coming soon</translation>
    </message>
</context>
<context>
    <name>ProductColumns</name>
    <message>
        <source>Ảnh</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Tên sản phẩm</source>
        <translation>Product name</translation>
    </message>
    <message>
        <source>Danh mục</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Giá</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Tồn kho</source>
        <translation>On hand</translation>
    </message>
    <message>
        <source>Mức báo hết</source>
        <translation>Warning level</translation>
    </message>
    <message>
        <source>ĐVT</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Vị trí</source>
        <translation>Bin</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đã lưu trữ</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>Đang bán</source>
        <translation>On sale</translation>
    </message>
</context>
<context>
    <name>ProductEditor</name>
    <message>
        <source>Hữu cơ</source>
        <translation>Organic</translation>
    </message>
    <message>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>— Chưa chọn —</source>
        <translation>— Not chosen —</translation>
    </message>
    <message>
        <source>Bỏ thay đổi?</source>
        <translation>Discard changes?</translation>
    </message>
    <message>
        <source>Bạn có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?</source>
        <translation>You have unsaved changes. Close and discard them?</translation>
    </message>
    <message>
        <source>Sửa sản phẩm {sku}</source>
        <translation>Edit product {sku}</translation>
    </message>
    <message>
        <source>Thêm sản phẩm</source>
        <translation>Add product</translation>
    </message>
    <message>
        <source>Thông tin chung</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Đóng gói và xuất xứ</source>
        <translation>Packing and origin</translation>
    </message>
    <message>
        <source>Chứng nhận</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>Ảnh</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Mã SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Tên sản phẩm</source>
        <translation>Product name</translation>
    </message>
    <message>
        <source>Danh mục</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Đơn vị tính</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Giá bán (đ)</source>
        <translation>Selling price (₫)</translation>
    </message>
    <message>
        <source>Giá vốn (đ)</source>
        <translation>Cost price (₫)</translation>
    </message>
    <message>
        <source>Mã vạch</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Báo sắp hết khi còn</source>
        <translation>Low-stock warning at</translation>
    </message>
    <message>
        <source>Vị trí trong kho</source>
        <translation>Bin location</translation>
    </message>
    <message>
        <source>Mô tả</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Khối lượng</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Dài</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>Rộng</source>
        <translation>Width</translation>
    </message>
    <message>
        <source>Cao</source>
        <translation>Height</translation>
    </message>
    <message>
        <source>Tỉnh/thành</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <source>Phường/xã</source>
        <translation>Ward/commune</translation>
    </message>
    <message>
        <source>Hạng OCOP</source>
        <translation>OCOP rating</translation>
    </message>
    <message>
        <source>ví dụ 120.000 hoặc 120k</source>
        <translation>e.g. 120.000 or 120k</translation>
    </message>
    <message>
        <source>EAN-13, quét hoặc gõ</source>
        <translation>EAN-13, scan or type</translation>
    </message>
    <message>
        <source>Chưa nhập</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>Đang bán</source>
        <translation>On sale</translation>
    </message>
    <message>
        <source>Đã lưu trữ</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>Không có</source>
        <translation>None</translation>
    </message>
    <message>
        <source>{n} sao</source>
        <translation>{n} stars</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Số chứng nhận</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <source>Nơi cấp</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>Hết hạn (dd/mm/yyyy)</source>
        <translation>Expires (dd/mm/yyyy)</translation>
    </message>
    <message>
        <source>+ Thêm chứng nhận</source>
        <translation>+ Add certificate</translation>
    </message>
    <message>
        <source>Xoá dòng đã chọn</source>
        <translation>Remove selected row</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ProductsPage</name>
    <message>
        <source>{n} sản phẩm</source>
        <translation>{n} products</translation>
    </message>
    <message>
        <source>Tất cả danh mục</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Đang bán</source>
        <translation>On sale</translation>
    </message>
    <message>
        <source>Đã lưu trữ</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>Tất cả trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <source>Mã chưa có</source>
        <translation>Unknown code</translation>
    </message>
    <message>
        <source>Chưa có sản phẩm nào với mã {code}.
Tạo sản phẩm mới với mã này?</source>
        <translation>No product has the code {code}.
Create a new product with this code?</translation>
    </message>
    <message>
        <source>Sửa sản phẩm…</source>
        <translation>Edit product…</translation>
    </message>
    <message>
        <source>Nhập kho…</source>
        <translation>Receive…</translation>
    </message>
    <message>
        <source>Điều chỉnh tồn kho…</source>
        <translation>Adjust stock…</translation>
    </message>
    <message>
        <source>Chuyển kho…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Lịch sử kho…</source>
        <translation>Stock history…</translation>
    </message>
    <message>
        <source>Bán lại</source>
        <translation>Sell again</translation>
    </message>
    <message>
        <source>Lưu trữ (ngừng bán)</source>
        <translation>Archive (stop selling)</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>+ Thêm sản phẩm</source>
        <translation>+ Add product</translation>
    </message>
    <message>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Nhập kho</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Lịch sử kho</source>
        <translation>Stock history</translation>
    </message>
    <message>
        <source>Tìm theo tên, SKU hoặc mã vạch (không cần dấu), hoặc quét mã…</source>
        <translation>Search by name, SKU or barcode (tone marks optional), or scan…</translation>
    </message>
    <message>
        <source>Sắp hết hàng</source>
        <translation>Low stock</translation>
    </message>
    <message>
        <source>Sắp hết hạn</source>
        <translation>Expiring soon</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Chung</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Cảnh báo hết hạn trước (ngày)</source>
        <translation>Expiry warning (days ahead)</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Mở thư mục</source>
        <translation>Open folder</translation>
    </message>
</context>
<context>
    <name>Stock</name>
    <message>
        <source>Nhập kho</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Điều chỉnh</source>
        <translation>Adjust</translation>
    </message>
    <message>
        <source>Xuất bán</source>
        <translation>Sold</translation>
    </message>
    <message>
        <source>Chuyển đi</source>
        <translation>Transferred out</translation>
    </message>
    <message>
        <source>Chuyển đến</source>
        <translation>Transferred in</translation>
    </message>
    <message>
        <source>Trả lại</source>
        <translation>Returned</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <source>Quét mã vạch hoặc gõ SKU rồi nhấn Enter</source>
        <translation>Scan a barcode or type a SKU, then press Enter</translation>
    </message>
    <message>
        <source>Sản phẩm</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Số lượng nhập</source>
        <translation>Quantity received</translation>
    </message>
    <message>
        <source>Số lượng (+ thêm, − bớt)</source>
        <translation>Quantity (+ add, − remove)</translation>
    </message>
    <message>
        <source>Số lượng chuyển</source>
        <translation>Quantity to move</translation>
    </message>
    <message>
        <source>Từ kho</source>
        <translation>From warehouse</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Đến kho</source>
        <translation>To warehouse</translation>
    </message>
    <message>
        <source>Lô</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Hạn sử dụng</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>Ngày thu hoạch</source>
        <translation>Harvest date</translation>
    </message>
    <message>
        <source>để trống: tự đặt theo hạn sử dụng</source>
        <translation>leave empty: named after the expiry date</translation>
    </message>
    <message>
        <source>để trống: lô hết hạn sớm nhất trước</source>
        <translation>leave empty: earliest-expiring lot first</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Nhập kho</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Điều chỉnh tồn kho</source>
        <translation>Adjust stock</translation>
    </message>
    <message>
        <source>Chuyển kho</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Không có sản phẩm với mã {code}</source>
        <translation>No product with code {code}</translation>
    </message>
    <message>
        <source>Mã chưa có</source>
        <translation>Unknown code</translation>
    </message>
    <message>
        <source>Chưa có sản phẩm nào với mã {code}.
Tạo sản phẩm mới với mã này?</source>
        <translation>No product has the code {code}.
Create a new product with this code?</translation>
    </message>
    <message>
        <source>{sku} · {name} · tồn {qty} {unit}</source>
        <translation>{sku} · {name} · {qty} {unit} on hand</translation>
    </message>
    <message>
        <source>Hãy quét hoặc nhập mã sản phẩm</source>
        <translation>Scan or type a product code</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>(không lô)</source>
        <translation>(no lot)</translation>
    </message>
    <message>
        <source>Chưa có hàng trong kho</source>
        <translation>Nothing in stock</translation>
    </message>
    <message>
        <source>Kho hàng</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Nhập kho</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>Điều chỉnh</source>
        <translation>Adjust</translation>
    </message>
    <message>
        <source>Chuyển kho</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Lịch sử kho</source>
        <translation>Stock history</translation>
    </message>
    <message>
        <source>Tìm hoặc quét mã sản phẩm…</source>
        <translation>Search or scan a product code…</translation>
    </message>
    <message>
        <source>Sắp hết hàng</source>
        <translation>Low stock</translation>
    </message>
    <message>
        <source>Sắp hết hạn</source>
        <translation>Expiring soon</translation>
    </message>
    <message>
        <source>Kho</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Lô</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Hạn sử dụng</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>Tồn</source>
        <translation>On hand</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Không thực hiện được</source>
        <translation>Could not do that</translation>
    </message>
    <message>
        <source>Đã xảy ra lỗi</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>Có lỗi không mong muốn: {error}

Chi tiết đã được ghi vào nhật ký trong thư mục dữ liệu (Trợ giúp → Mở thư mục dữ liệu).</source>
        <translation>An unexpected error occurred: {error}

The details were written to the log in the data folder (Help → Open data folder).</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>Working</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <source>Không có</source>
        <translation>None</translation>
    </message>
</context>
</TS>
